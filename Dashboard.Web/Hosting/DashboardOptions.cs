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

    /// <summary>"Sqlite" (default, a file in the data folder), "SqlServer" or "PostgreSql" (with <c>ConnectionStrings:Dashboard</c>).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite file; relative to the data folder.</summary>
    public string SqlitePath { get; set; } = "dashboard.db";

    /// <summary>
    /// Apply pending migrations at start-up (default). Where a DBA applies them (<c>dotnet Dashboard.Web.dll migrate</c>, or
    /// the script from <c>migrate --script</c>), false makes a node refuse to start on an out-of-date schema instead.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// "Sqlite" (a file of its own), "SqlServer" or "PostgreSql"; by default the store's provider. On a server Hangfire
    /// keeps its tables in the schema "hangfire", apart from the app's, in <c>ConnectionStrings:Hangfire</c> or else
    /// the app's database.
    /// </summary>
    public string? Storage { get; set; }

    public string SqlitePath { get; set; } = "hangfire.db";

    /// <summary>How often Hangfire looks for due schedules and queued jobs. Its 15 s default makes a 10 s feed late.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int WorkerCount { get; set; } = 4;

    /// <summary>False in tests that drive jobs by hand; a node whose <c>Node:Role</c> is Web never runs one.</summary>
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

public enum NodeRole
{
    /// <summary>Pages, hub, API and the job server: one machine does everything (the default).</summary>
    All,

    /// <summary>Pages, hub and API; jobs run elsewhere.</summary>
    Web,

    /// <summary>The Hangfire server only (and health checks): feeds, record figures, digests.</summary>
    Jobs,
}

/// <summary>What this node does when a province runs several (<c>Node:Role</c>).</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    public NodeRole Role { get; set; } = NodeRole.All;

    /// <summary>A name for logs, metrics and the health answer's node header; the machine name by default.</summary>
    public string? Name { get; set; }

    public bool RunsJobs => Role != NodeRole.Web;
    public bool ServesWeb => Role != NodeRole.Jobs;
}

/// <summary>
/// Redis, for several nodes: the SignalR backplane and the node bus (what one node stores reaches every node's pages).
/// Empty: one node, everything in process.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis1:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefixes every channel, so several dashboards can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "dashboard";
}