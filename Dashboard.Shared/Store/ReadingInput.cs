namespace Dashboard.Shared.Store;

public readonly record struct UnitKpi(string UnitCode, string KpiCode);

/// <summary>A figure as it arrives from a feed, before it is stored.</summary>
public sealed record ReadingInput(string UnitCode, string KpiCode, string Period, string Source, decimal Value)
{
    public UnitKpi Target => new(UnitCode, KpiCode);
}

public static class Sources
{
    /// <summary>The demo feed. Reserved: external callers cannot write under this name.</summary>
    public const string Simulator = "simulator";
}
