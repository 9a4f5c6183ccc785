using Dashboard.Jobs.Feeds;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace Dashboard.Jobs.Jobs;

/// <summary>Runs one feed by id. One job type for every feed; the lock is per feed id, so two feeds run at once but one feed never twice.</summary>
public sealed class FeedJob(IEnumerable<IFeed> feeds, JobStorage storage, ILogger<FeedJob> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Nguồn dữ liệu {0} / feed {0}")]
    public async Task RunAsync(string feedId, CancellationToken ct)
    {
        var feed = feeds.FirstOrDefault(f => f.Id == feedId)
            ?? throw new InvalidOperationException($"Không có nguồn dữ liệu '{feedId}' (unknown feed)");

        using var connection = storage.GetConnection();
        IDisposable lease;
        try
        {
            lease = connection.AcquireDistributedLock($"feed:{feedId}", TimeSpan.FromSeconds(1));
        }
        catch (DistributedLockTimeoutException)
        {
            // The previous run of this feed is still going; this occurrence has nothing to add.
            logger.LogInformation("Feed {FeedId} is already running; this run is skipped", feedId);
            return;
        }
        using (lease)
        {
            var result = await feed.RunAsync(ct);
            logger.LogInformation("Feed {FeedId}: {Accepted} accepted, {Rejected} rejected, {Changed} changed",
                feedId, result.Accepted, result.Rejected, result.Changed);
        }
    }
}
