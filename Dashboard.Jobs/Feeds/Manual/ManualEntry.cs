using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Jobs.Feeds.Manual;

/// <summary>What a save did: the problems (nothing stored), or the edit kept in the history (null when the value was already there).</summary>
public sealed record ManualEntryResult(IReadOnlyList<FieldError> Errors, ManualEntryAudit? Entry)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Figures no system provides (PAPI, DTI rank, SIPAS, staffing, the district's published ranking), typed in by office
/// staff. They go through the same checks as any reading, under the source <c>manual</c>, only for the units the person
/// may write for, and every edit is kept in a history with the account, when, the old and the new value.
/// </summary>
public sealed class ManualEntry(ReadingIngestor ingestor, IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    public const string FeedId = "manual";

    /// <param name="who">The signed-in account that enters the figure (never a name typed into the form).</param>
    /// <param name="unitAllowed">The units the account may write for; any other is refused, naming the field.</param>
    public async Task<ManualEntryResult> SaveAsync(string who, string unit, string kpi, string period, decimal value, string? note,
        Func<string, bool> unitAllowed, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(who)) return new([new FieldError("who", "Chưa đăng nhập: không biết ai nhập số liệu.")], null);
        if (!unitAllowed(unit))
            return new([new FieldError("unit", $"Không được nhập số liệu cho đơn vị '{Short(unit)}' (ngoài phạm vi được giao).")], null);
        decimal? old;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            old = await db.Readings.Where(r => r.UnitCode == unit && r.KpiCode == kpi && r.Period == period && r.Source == FeedId)
                .Select(r => (decimal?)r.Value).SingleOrDefaultAsync(ct);

        var result = await ingestor.IngestAsync([new ReadingInput(unit, kpi, period, FeedId, value)], external: true, ct);
        if (!result.Ok) return new(result.Errors.Select(e => e with { Field = e.Name }).ToList(), null);
        if (old == value) return new([], null);

        var entry = new ManualEntryAudit
        {
            At = time.GetUtcNow().UtcDateTime, Who = who.Trim(), UnitCode = unit, KpiCode = kpi, Period = period,
            OldValue = old, NewValue = value, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ManualEntries.Add(entry);
            await db.SaveChangesAsync(ct);
        }
        return new([], entry);
    }

    /// <summary>The latest edits of the given units only: another unit's figures are not the reader's to see.</summary>
    public async Task<List<ManualEntryAudit>> RecentAsync(int count, IReadOnlyCollection<string> units, CancellationToken ct = default)
    {
        var codes = units.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ManualEntries.AsNoTracking().Where(e => codes.Contains(e.UnitCode)).OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
