namespace Dashboard.Shared.Engine;

/// <summary>Demo figures from the simulator. On by default in Development only; when off they are excluded everywhere.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    public bool Enabled { get; set; }

    /// <summary>Six-field cron (with seconds), Asia/Ho_Chi_Minh.</summary>
    public string Cron { get; set; } = "*/10 * * * * *";

    /// <summary>How many KPIs per unit the simulator nudges on each run.</summary>
    public int ChangesPerRun { get; set; } = 4;
}
