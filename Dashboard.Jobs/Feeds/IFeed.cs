namespace Dashboard.Jobs.Feeds;

public sealed record FeedRunResult(int Accepted, int Rejected, int Changed);

/// <summary>A source of figures. Each kind of source is one small adapter behind this interface.</summary>
public interface IFeed
{
    /// <summary>Stable kebab-case id; also the key of the feed's lock and of its recurring job.</summary>
    string Id { get; }

    Task<FeedRunResult> RunAsync(CancellationToken ct);
}
