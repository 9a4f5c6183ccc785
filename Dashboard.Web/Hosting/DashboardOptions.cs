namespace Dashboard.Web.Hosting;

/// <summary>Where the data and seeds live, and which commune the dashboard is about.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The commune shown by default.</summary>
    public string HomeUnit { get; set; } = "que-minh";

    /// <summary>The seeds folder (KPI catalog, units). Relative paths are resolved against the app's base directory.</summary>
    public string SeedsPath { get; set; } = "seeds";

    /// <summary>The data folder for the embedded databases. Relative paths are resolved against the content root.</summary>
    public string DataPath { get; set; } = "data";
}

public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Only "Sqlite" for now; the server databases come with the scale-out work.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite file; relative to the data folder.</summary>
    public string SqlitePath { get; set; } = "dashboard.db";
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>"Sqlite" (default, a file of its own) or "SqlServer".</summary>
    public string Storage { get; set; } = "Sqlite";

    public string SqlitePath { get; set; } = "hangfire.db";

    public string? SqlServerConnectionString { get; set; }

    /// <summary>How often Hangfire looks for due schedules and queued jobs. Its 15 s default makes a 10 s feed late.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int WorkerCount { get; set; } = 4;

    /// <summary>False in hosts that only serve pages (and in tests that drive jobs by hand).</summary>
    public bool RunServer { get; set; } = true;
}

/// <summary>Limits of the ingest API (its callers present per-source keys; see Accounts/ApiKeys).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    public int MaxReadingsPerRequest { get; set; } = 10_000;
}

/// <summary>
/// How a page gets its live connection back. Blazor's own retries (about seven minutes) by default; after them the page
/// keeps asking the server's readiness, backing off up to <see cref="RetryCap"/>, for as long as it takes.
/// </summary>
public sealed class ReconnectOptions
{
    public const string Section = "Reconnect";

    /// <summary>Blazor's attempts before it gives up (its default when unset); tests shorten it to outlast it quickly.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>A fixed wait between Blazor's attempts, in milliseconds (Blazor's own backoff when unset).</summary>
    public int? RetryIntervalMs { get; set; }

    public TimeSpan RetryCap { get; set; } = TimeSpan.FromSeconds(30);
}
