using Dashboard.Shared.Store;

namespace Dashboard.Jobs.Feeds;

/// <summary>
/// A row a run refused. <c>Row</c> is the row (file) or item (JSON) number as the user sees it; <c>Unit</c> the row's unit
/// when it could be read, so only those who may see that unit read the row.
/// </summary>
public sealed record RejectedRow(int Row, string Field, string Reason, string? Unit = null);

/// <param name="Units">The units of the items delivered (accepted or not); null when the adapter does not say.</param>
public sealed record FeedRunResult(int Accepted, int Changed, IReadOnlyList<RejectedRow> Rejected, IReadOnlyCollection<string>? Units = null);

/// <summary>A fault in the source (timeout, HTTP error, malformed data): the run fails with this message, nothing else does.</summary>
public sealed class FeedFaultException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One kind of source (HTTP JSON, simulator, …): a small adapter that fetches, maps and hands figures to the ingestor.</summary>
public interface IFeedAdapter
{
    /// <summary>The feed kind this adapter runs, e.g. <c>http-json</c>.</summary>
    string Kind { get; }

    Task<FeedRunResult> RunAsync(FeedRow feed, CancellationToken ct);
}

public static class FeedKinds
{
    public const string Simulator = "simulator";
    public const string HttpJson = "http-json";
    /// <summary>Pushed to <c>POST /api/v1/readings</c>; no schedule of its own.</summary>
    public const string Webhook = "webhook";
    /// <summary>CSV/XLSX exports uploaded on /import (or through the API).</summary>
    public const string FileImport = "file-import";

    /// <summary>Figures typed in on /import by office staff.</summary>
    public const string Manual = "manual";

    public static readonly string[] All = [Simulator, HttpJson, Webhook, FileImport, Manual];
}
