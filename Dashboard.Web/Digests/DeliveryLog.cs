using System.Text.Json;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Digests;

/// <summary>
/// The claim-then-send log behind "exactly once": a (subscription, period) row is claimed with its Message-ID before
/// anything is sent, and marked sent after. See docs/digests.md for the one window in which a copy can repeat.
/// </summary>
public sealed class DeliveryLog(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The row of this period: a new claim with a fresh Message-ID, or the one an earlier run left (sent, failed or claimed).</summary>
    public async Task<DigestDelivery> ClaimAsync(long subscriptionId, DateTimeOffset occurrence, CancellationToken ct)
    {
        var key = DigestSchedule.PeriodKey(occurrence);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.DigestDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == key, ct) is { } existing)
            return existing;
        var claim = new DigestDelivery
        {
            SubscriptionId = subscriptionId,
            PeriodKey = key,
            ScheduledAt = occurrence.UtcDateTime,
            MessageId = NewMessageId(subscriptionId, occurrence),
            ClaimedAt = time.GetUtcNow().UtcDateTime,
        };
        db.DigestDeliveries.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
            return claim;
        }
        catch (DbUpdateException)
        {
            // Another run claimed it between the read and the insert: the unique index decides, and its row wins.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await again.DigestDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == key, ct);
        }
    }

    /// <summary>
    /// Records an occurrence that was due while no job node ran and that the catch-up does not send: a row in the state
    /// missed, so /digests shows it and no later run sends it. A row already there (any state) is left as it is.
    /// </summary>
    public async Task RecordMissedAsync(long subscriptionId, DateTimeOffset occurrence, CancellationToken ct)
    {
        var key = DigestSchedule.PeriodKey(occurrence);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.DigestDeliveries.AnyAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == key, ct)) return;
        db.DigestDeliveries.Add(new DigestDelivery
        {
            SubscriptionId = subscriptionId,
            PeriodKey = key,
            ScheduledAt = occurrence.UtcDateTime,
            MessageId = NewMessageId(subscriptionId, occurrence),
            State = DigestState.Missed,
            ClaimedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node recorded or claimed it between the read and the insert: its row stands.
        }
    }

    /// <summary>The scheduled time of the subscription's latest row (any state): occurrences after it have no row yet.</summary>
    public async Task<DateTimeOffset?> LatestScheduledAsync(long subscriptionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.DigestDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.PeriodKey).Select(d => (DateTime?)d.ScheduledAt).FirstOrDefaultAsync(ct);
        return key is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>Rows claimed but never marked sent or failed: a run that crashed between the claim and the end of the send.</summary>
    public async Task<IReadOnlyList<DigestDelivery>> LeftBehindAsync(long subscriptionId, string beforeKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DigestDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == subscriptionId && d.State == DigestState.Claimed && string.Compare(d.PeriodKey, beforeKey) < 0)
            .OrderBy(d => d.PeriodKey).ToListAsync(ct);
    }

    /// <summary>The figures the last digest sent before this period showed, for the arrows of "what changed".</summary>
    public async Task<IReadOnlyDictionary<string, decimal?>> PreviousFiguresAsync(long subscriptionId, string periodKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.DigestDeliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == subscriptionId && (d.State == DigestState.Sent || d.State == DigestState.Late) && string.Compare(d.PeriodKey, periodKey) < 0)
            .OrderByDescending(d => d.PeriodKey).Select(d => d.Figures).FirstOrDefaultAsync(ct);
        return json is null ? new Dictionary<string, decimal?>() : JsonSerializer.Deserialize<Dictionary<string, decimal?>>(json) ?? [];
    }

    /// <param name="late">Marks the row <see cref="DigestState.Late"/> rather than sent: it went out well after its time.</param>
    public async Task MarkSentAsync(long deliveryId, IReadOnlyList<string> refused, IReadOnlyDictionary<string, decimal?> figures, bool late,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DigestDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, late ? DigestState.Late : DigestState.Sent)
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            .SetProperty(d => d.SentAt, time.GetUtcNow().UtcDateTime)
            .SetProperty(d => d.Error, (string?)null)
            .SetProperty(d => d.Refused, refused.Count == 0 ? null : Cut(string.Join('\n', refused)))
            .SetProperty(d => d.Figures, JsonSerializer.Serialize(figures)), ct);
    }

    public async Task MarkFailedAsync(long deliveryId, string error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DigestDeliveries.Where(d => d.Id == deliveryId && d.State != DigestState.Sent && d.State != DigestState.Late && d.State != DigestState.Missed).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DigestState.Failed)
            .SetProperty(d => d.Attempts, d => d.Attempts + 1)
            .SetProperty(d => d.Error, Cut(error)), ct);
    }

    /// <summary>The latest deliveries of each subscription, for /digests.</summary>
    public async Task<IReadOnlyDictionary<long, List<DigestDelivery>>> RecentAsync(IReadOnlyCollection<long> subscriptionIds, int perSubscription, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.DigestDeliveries.AsNoTracking().Where(d => subscriptionIds.Contains(d.SubscriptionId))
            .OrderByDescending(d => d.PeriodKey).ToListAsync(ct);
        return rows.GroupBy(d => d.SubscriptionId).ToDictionary(g => g.Key, g => g.Take(perSubscription).ToList());
    }

    /// <summary>Unique across subscriptions and periods, and readable in a mail log: which digest, which occurrence.</summary>
    public static string NewMessageId(long subscriptionId, DateTimeOffset occurrence) =>
        $"digest-{subscriptionId}-{VietnamTimeStamp(occurrence)}-{Guid.NewGuid():N}@dashboard";

    private static string VietnamTimeStamp(DateTimeOffset occurrence) =>
        Shared.Time.VietnamTime.ToLocal(occurrence).ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..3999] + "…";
}
