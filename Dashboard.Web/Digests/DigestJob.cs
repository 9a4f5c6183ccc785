using Dashboard.Shared.Store;
using Dashboard.Shared.Telemetry;
using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Digests;

public enum DigestOutcome { Sent, AlreadySent, NotAWorkingDay, NothingToSend, Missed }

/// <summary>
/// Sends one subscription's digest for the occurrence a run belongs to, exactly once: the (subscription, period) row is
/// claimed with its Message-ID before sending and marked sent after (<see cref="DeliveryLog"/>). One job type for every
/// subscription, a lock per subscription, so one subscription never runs twice at once.
/// </summary>
public sealed class DigestJob(
    IDbContextFactory<DashboardDbContext> dbFactory,
    DeliveryLog log,
    DigestMailer mailer,
    SmtpSender sender,
    HolidayCalendar holidays,
    JobStorage storage,
    TimeProvider time,
    DashboardMetrics metrics,
    ILogger<DigestJob> logger)
{
    /// <summary>
    /// Hangfire's run. The period is taken from when Hangfire created this job (its trigger), not from when it runs: a
    /// retry, a restart or a catch-up run after downtime lands on the same occurrence, so its claim is found again.
    /// </summary>
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [60, 300, 900, 3600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Bản tin email {0} / email digest {0}")]
    public async Task RunAsync(long subscriptionId, PerformContext? context, CancellationToken ct)
    {
        var asOf = context?.BackgroundJob.CreatedAt is { } created
            ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
            : time.GetUtcNow();
        // Every line of this run names the subscription and the Hangfire job behind it.
        using var scope = logger.BeginScope("digest {DigestId}, job {JobId}", subscriptionId, context?.BackgroundJob.Id);
        await RunAtAsync(subscriptionId, asOf, ct);
    }

    /// <summary>
    /// The late send of one occurrence that was due while no job node ran, enqueued by the start-up catch-up
    /// (<see cref="DigestCatchUp"/>) after it claimed the row. Same retries, lock and claim as a scheduled run.
    /// </summary>
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [60, 300, 900, 3600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Bản tin email {0} gửi bù / email digest {0} caught up")]
    public async Task CatchUpAsync(long subscriptionId, DateTime occurrenceUtc, PerformContext? context, CancellationToken ct)
    {
        using var scope = logger.BeginScope("digest {DigestId}, job {JobId}", subscriptionId, context?.BackgroundJob.Id);
        await RunOccurrenceAsync(subscriptionId, new DateTimeOffset(DateTime.SpecifyKind(occurrenceUtc, DateTimeKind.Utc)), late: true, ct);
    }

    /// <summary>The run of the occurrence at or before <paramref name="asOf"/>; also resolves claims an earlier crash left behind.</summary>
    public Task<DigestOutcome> RunAtAsync(long subscriptionId, DateTimeOffset asOf, CancellationToken ct) => RunOccurrenceAsync(subscriptionId, asOf, late: false, ct);

    /// <param name="late">The occurrence was due while no job node ran: once sent, its row says late.</param>
    private async Task<DigestOutcome> RunOccurrenceAsync(long subscriptionId, DateTimeOffset asOf, bool late, CancellationToken ct)
    {
        var subscription = await FindAsync(subscriptionId, ct);
        if (subscription is null || !subscription.Enabled || DigestSchedule.Occurrence(subscription.Cron, asOf) is not { } occurrence)
            return Counted(DigestOutcome.NothingToSend);

        using var connection = storage.GetConnection();
        // Waits for a run still sending (a slow server) rather than skipping: skipping would lose this period. A timeout
        // throws, and Hangfire retries later.
        using var _ = connection.AcquireDistributedLock($"digest:{subscriptionId}", TimeSpan.FromMinutes(5));
        foreach (var left in await log.LeftBehindAsync(subscriptionId, DigestSchedule.PeriodKey(occurrence), ct))
        {
            logger.LogWarning("Digest {Id}: period {Period} was claimed but never finished; sending it now with its Message-ID", subscriptionId, left.PeriodKey);
            await DeliverAsync(subscription, new DateTimeOffset(left.ScheduledAt, TimeSpan.Zero), late: false, ct);
        }
        return await DeliverAsync(subscription, occurrence, late, ct);
    }

    private async Task<DigestOutcome> DeliverAsync(DigestSubscription subscription, DateTimeOffset occurrence, bool late, CancellationToken ct)
    {
        // "Working days" fires Monday to Friday; a public holiday is known only from the holiday files.
        if (subscription.WorkingDaysOnly && !holidays.IsWorkingDay(DigestSchedule.LocalDay(occurrence))) return Counted(DigestOutcome.NotAWorkingDay);
        var claim = await log.ClaimAsync(subscription.Id, occurrence, ct);
        if (DigestState.IsSent(claim.State)) return Counted(DigestOutcome.AlreadySent);
        // Recorded as missed by the catch-up: final, or a late run (Hangfire's own catch-up) would send what /digests says was not.
        if (claim.State == DigestState.Missed) return Counted(DigestOutcome.Missed);
        try
        {
            var previous = await log.PreviousFiguresAsync(subscription.Id, claim.PeriodKey, ct);
            var digest = await mailer.ComposeAsync(subscription, occurrence, previous, test: false, ct);
            var message = mailer.ToMessage(digest, DigestMailer.SplitRecipients(subscription.Recipients), claim.MessageId, occurrence);
            var refused = await sender.SendAsync(message, ct);
            // Past this point the mail is out: a crash before the next line is the one window in which the next run sends it
            // again, with the same Message-ID (docs/digests.md).
            await log.MarkSentAsync(claim.Id, refused, digest.Model.Figures, late, CancellationToken.None);
            if (refused.Count > 0)
                logger.LogWarning("Digest {Id} for {Period}: the server refused {Refused}", subscription.Id, claim.PeriodKey, string.Join("; ", refused));
            return Counted(DigestOutcome.Sent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.DigestDelivery("failed");
            await log.MarkFailedAsync(claim.Id, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            logger.LogWarning(ex, "Digest {Id} for {Period} failed", subscription.Id, claim.PeriodKey);
            throw;
        }
    }

    private DigestOutcome Counted(DigestOutcome outcome)
    {
        metrics.DigestDelivery(outcome switch
        {
            DigestOutcome.Sent => "sent",
            DigestOutcome.AlreadySent => "already_sent",
            DigestOutcome.NotAWorkingDay => "not_a_working_day",
            DigestOutcome.Missed => "missed",
            _ => "nothing_to_send",
        });
        return outcome;
    }

    /// <summary>"Send a test now" to one address: the digest as it would go out now, marked as a test, outside the delivery log.</summary>
    public async Task<IReadOnlyList<string>> SendTestAsync(DigestSubscription subscription, string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var previous = await log.PreviousFiguresAsync(subscription.Id, DigestSchedule.PeriodKey(now), ct);
        var digest = await mailer.ComposeAsync(subscription, now, previous, test: true, ct);
        return await sender.SendAsync(mailer.ToMessage(digest, [address], DeliveryLog.NewMessageId(subscription.Id, now), now), ct);
    }

    private async Task<DigestSubscription?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
    }
}
