using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Jobs.Feeds.Manual;

/// <summary>
/// Figures no system provides (PAPI, DTI rank, SIPAS, staffing, the district's published ranking), typed in by office
/// staff. They go through the same checks as any reading, under the source <c>manual</c>, and every edit is kept in an
/// audit trail with who, when, the old and the new value.
/// </summary>
public sealed class ManualEntry(ReadingIngestor ingestor, IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public const string FeedId = "manual";

    public async Task<IReadOnlyList<FieldError>> SaveAsync(string who, string unit, string kpi, string period, decimal value, string? note,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(who)) return [new FieldError("who", "Ghi rõ người nhập số liệu.")];
        decimal? old;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            old = await db.Readings.Where(r => r.UnitCode == unit && r.KpiCode == kpi && r.Period == period && r.Source == FeedId)
                .Select(r => (decimal?)r.Value).SingleOrDefaultAsync(ct);

        var result = await ingestor.IngestAsync([new ReadingInput(unit, kpi, period, FeedId, value)], external: true, ct);
        if (!result.Ok) return result.Errors.Select(e => e with { Field = e.Name }).ToList();
        if (old == value) return [];

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ManualEntries.Add(new ManualEntryAudit
            {
                At = time.GetUtcNow().UtcDateTime, Who = who.Trim(), UnitCode = unit, KpiCode = kpi, Period = period,
                OldValue = old, NewValue = value, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            });
            await db.SaveChangesAsync(ct);
        }
        return [];
    }

    public async Task<List<ManualEntryAudit>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ManualEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
    }
}
