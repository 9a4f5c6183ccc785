using Dashboard.Jobs.Feeds;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Shared.Telemetry;
using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dashboard.Jobs.Jobs;

/// <summary>
/// Runs one feed by id and records the run. One job type for every feed; the lock is per feed id, so two feeds
/// run at once but one feed never twice. A fault in the source fails this run only.
/// </summary>
public sealed class FeedJob(
    IEnumerable<IFeedAdapter> adapters,
    IDbContextFactory<DashboardDbContext> dbFactory,
    FeedHealth health,
    JobStorage storage,
    TimeProvider time,
    DashboardMetrics metrics,
    ILogger<FeedJob> logger)
{
    /// <summary>Hangfire's run; it passes <paramref name="context"/> (null in the expression), which names the job in the logs.</summary>
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Nguồn dữ liệu {0} / feed {0}")]
    public Task RunAsync(string feedId, PerformContext? context, CancellationToken ct) => RunAsync(feedId, FeedTriggers.Schedule, context, ct);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Chạy ngay nguồn {0} / run feed {0} now")]
    public Task RunNowAsync(string feedId, PerformContext? context, CancellationToken ct) => RunAsync(feedId, FeedTriggers.Manual, context, ct);

    // Jobs stored by an earlier version name these signatures; Hangfire finds a method by its parameter types.
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [30, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Nguồn dữ liệu {0} / feed {0}")]
    public Task RunAsync(string feedId, CancellationToken ct) => RunAsync(feedId, FeedTriggers.Schedule, null, ct);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Chạy ngay nguồn {0} / run feed {0} now")]
    public Task RunNowAsync(string feedId, CancellationToken ct) => RunAsync(feedId, FeedTriggers.Manual, null, ct);

    private async Task RunAsync(string feedId, string trigger, PerformContext? context, CancellationToken ct)
    {
        // Every line of this run, the adapter's included, names the feed and the Hangfire job behind it.
        // A template rather than a dictionary: the text console shows it as "feed x, job 12", JSON and OTLP as named values.
        using var scope = logger.BeginScope("feed {FeedId}, job {JobId}", feedId, context?.BackgroundJob.Id);
        FeedRow? feed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            feed = await db.Feeds.AsNoTracking().SingleOrDefaultAsync(f => f.Id == feedId, ct);
        if (feed is null || !feed.Enabled)
        {
            logger.LogInformation("Feed {FeedId} is unknown or disabled; nothing to run", feedId);
            return;
        }
        var adapter = adapters.FirstOrDefault(a => a.Kind == feed.Kind);
        if (adapter is null)
        {
            logger.LogWarning("Feed {FeedId} has kind {Kind}, which has nothing to run on a schedule", feedId, feed.Kind);
            return;
        }

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
            metrics.FeedRun(feedId, "skipped");
            return;
        }
        using (lease)
        {
            await RunLockedAsync(feed, adapter, trigger, ct);
        }
    }

    /// <summary>
    /// A run always ends: whatever the adapter throws, and even when Hangfire stops the job, it is recorded as failed with
    /// a reason in Vietnamese and its finish time before the exception goes on (to Hangfire's retries).
    /// </summary>
    private async Task RunLockedAsync(FeedRow feed, IFeedAdapter adapter, string trigger, CancellationToken ct)
    {
        var run = new FeedRun { FeedId = feed.Id, Trigger = trigger, StartedAt = time.GetUtcNow().UtcDateTime, Units = "" };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.FeedRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, feed.TimeoutSeconds)));
        Exception? failure = null;
        try
        {
            var result = await adapter.RunAsync(feed, timeout.Token);
            run.Outcome = FeedOutcome.Succeeded;
            run.Accepted = result.Accepted;
            run.Changed = result.Changed;
            run.Rejected = result.Rejected.Count;
            run.Units = RunUnits.Join(result.Units ?? []);
            run.Rejections = result.Rejected
                .Select(r => new FeedRejection { Row = r.Row, Field = Cut(r.Field, 100), Reason = Cut(r.Reason, 1000), UnitCode = UnitOf(r) }).ToList();
        }
        catch (Exception ex)
        {
            failure = ex;
            run.Outcome = FeedOutcome.Failed;
            run.Error = Cut(Reason(ex, feed, ct), 4000);
        }

        // Recorded with no token: a stopping server must still close the run it started.
        await FinishAsync(run, CancellationToken.None);
        var at = new DateTimeOffset(run.FinishedAt!.Value, TimeSpan.Zero);
        if (failure is null)
        {
            health.Succeeded(feed.Id, at);
            metrics.FeedRun(feed.Id, "succeeded");
            logger.LogInformation("Feed {FeedId}: {Accepted} accepted, {Rejected} rejected, {Changed} changed",
                feed.Id, run.Accepted, run.Rejected, run.Changed);
            return;
        }
        health.Failed(feed.Id, at, run.Error!);
        metrics.FeedRun(feed.Id, "failed");
        logger.LogWarning(failure, "Feed {FeedId} failed: {Error}", feed.Id, run.Error);
        // Hangfire retries with its bounded back-off; a source fault never reaches anything but this run.
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>The reason shown on /feeds: the source's own fault as the adapter worded it, otherwise what happened, in Vietnamese.</summary>
    private static string Reason(Exception ex, FeedRow feed, CancellationToken jobToken) => ex switch
    {
        FeedFaultException => ex.Message,
        OperationCanceledException when jobToken.IsCancellationRequested =>
            "Lần chạy bị dừng trước khi xong vì máy chủ tác vụ đang dừng hoặc tác vụ bị hủy; lần chạy sau sẽ lấy lại số liệu.",
        OperationCanceledException =>
            $"Nguồn '{feed.Id}' không chạy xong trong {feed.TimeoutSeconds} giây (hết thời gian chờ).",
        _ => $"Lỗi không mong đợi khi chạy nguồn '{feed.Id}' ({ex.GetType().Name}); số liệu đã có không thay đổi. " +
            "Chi tiết trong nhật ký máy chủ.",
    };

    /// <summary>How many runs of one feed are kept: a feed that runs every 10 s must not grow the store without end.</summary>
    public const int RunsKept = 500;

    private async Task FinishAsync(FeedRun run, CancellationToken ct)
    {
        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.FeedRuns.Update(run);
        await db.SaveChangesAsync(ct);
        var oldestKept = await db.FeedRuns.Where(r => r.FeedId == run.FeedId).OrderByDescending(r => r.Id)
            .Skip(RunsKept - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (oldestKept is { } id)
            await db.FeedRuns.Where(r => r.FeedId == run.FeedId && r.Id < id).ExecuteDeleteAsync(ct);
    }

    private static string? UnitOf(RejectedRow row) => row.Unit is { Length: > 0 and <= 64 } unit ? unit : null;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
