using Dashboard.Shared.Store;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Digests;

/// <summary>
/// At start, on a node that runs jobs: the occurrences that were due while no job node ran. The latest ones
/// (<see cref="DigestOptions.CatchUpSend"/>, 1 by default) of each subscription are claimed and sent late by a Hangfire
/// job; the earlier ones are recorded as missed. Rows and claims make it exactly once across nodes and restarts: an
/// occurrence that already has a row is never looked at again.
/// </summary>
public sealed class DigestCatchUp(
    IDbContextFactory<DashboardDbContext> dbFactory,
    DeliveryLog log,
    HolidayCalendar holidays,
    IBackgroundJobClient jobs,
    IRecurringJobManager recurring,
    TimeProvider time,
    IOptions<DigestOptions> options,
    ILogger<DigestCatchUp> logger)
{
    /// <summary>At most this many missed occurrences are recorded per subscription and start (a minutely cron down for a month).</summary>
    public const int MaxMissedRecorded = 100;

    /// <returns>How many late sends were enqueued.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        List<DigestSubscription> subscriptions;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            subscriptions = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Enabled).OrderBy(s => s.Id).ToListAsync(ct);

        var enqueued = 0;
        foreach (var subscription in subscriptions)
        {
            if (DigestSchedule.Parse(subscription.Cron, out _) is null) continue;
            // After the latest row (every run leaves one, but on a holiday), and never before the subscription's schedule
            // was last saved: occurrences of an older cron, or while it was off, were not "missed".
            var since = new[]
            {
                await log.LatestScheduledAsync(subscription.Id, ct) ?? DateTimeOffset.MinValue,
                new DateTimeOffset(DateTime.SpecifyKind(subscription.CreatedAt, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(subscription.UpdatedAt, DateTimeKind.Utc)),
                now - o.CatchUpWindow,
            }.Max();
            var due = DigestSchedule.Between(subscription.Cron, since, now)
                .Where(at => !subscription.WorkingDaysOnly || holidays.IsWorkingDay(DigestSchedule.LocalDay(at))).ToList();
            if (due.Count == 0) continue;

            // Hangfire would run its own catch-up of the latest occurrence when its server starts (the recurring job's next
            // execution is in the past), racing the late send below and sending it as if on time. Re-creating the job
            // sets its next execution to the next occurrence to come: the missed ones are the catch-up's alone.
            recurring.RemoveIfExists(DigestSchedule.JobId(subscription.Id));
            DigestSchedule.Register(recurring, subscription);

            var send = due.TakeLast(Math.Max(0, o.CatchUpSend)).ToList();
            var missed = due.Take(due.Count - send.Count).ToList();
            foreach (var at in missed.TakeLast(MaxMissedRecorded))
                await log.RecordMissedAsync(subscription.Id, at, ct);
            if (missed.Count > 0)
                logger.LogWarning("Digest {Id}: {Count} occurrence(s) from {First} to {Last} were due while no job node ran; recorded as missed",
                    subscription.Id, missed.Count, DigestSchedule.PeriodKey(missed[0]), DigestSchedule.PeriodKey(missed[^1]));
            foreach (var at in send)
            {
                // Claimed now, so the row says late and another node's catch-up finds it; the send itself is a job, with
                // Hangfire's retries, and never holds up the start.
                var claim = await log.ClaimAsync(subscription.Id, at, ct);
                if (claim.State != DigestState.Claimed) continue;
                logger.LogWarning("Digest {Id}: period {Period} was due while no job node ran; sending it late", subscription.Id, claim.PeriodKey);
                jobs.Enqueue<DigestJob>(j => j.CatchUpAsync(subscription.Id, at.UtcDateTime, null, CancellationToken.None));
                enqueued++;
            }
        }
        return enqueued;
    }
}
