using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Store;

/// <summary>
/// Writes readings idempotently: the same reading twice is stored once; a new value for the same
/// (unit, KPI, period, source) replaces the old one, which is kept in history.
/// </summary>
public sealed class ReadingStore(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    // SQLite has one writer at a time; serialising in-process avoids "database is locked" retries and
    // the insert race between two writers that both saw no row for a new key.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Stores the batch in one transaction and returns the (unit, KPI) pairs whose stored value changed.</summary>
    public async Task<IReadOnlyCollection<UnitKpi>> UpsertAsync(IReadOnlyList<ReadingInput> inputs, CancellationToken ct = default)
    {
        if (inputs.Count == 0) return [];
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            var existing = await LoadExistingAsync(db, inputs, ct);
            var changed = new HashSet<UnitKpi>();

            foreach (var input in inputs)
            {
                var key = (input.UnitCode, input.KpiCode, input.Period, input.Source);
                if (existing.TryGetValue(key, out var row))
                {
                    row.LastSeenAt = now;
                    if (row.Value == input.Value) continue;
                    db.ReadingHistory.Add(new ReadingHistory
                    {
                        ReadingId = row.Id, Value = row.Value, ValidFrom = row.UpdatedAt, ReplacedAt = now,
                    });
                    row.Value = input.Value;
                    row.UpdatedAt = now;
                }
                else
                {
                    row = new Reading
                    {
                        UnitCode = input.UnitCode, KpiCode = input.KpiCode, Period = input.Period,
                        Source = input.Source, Value = input.Value, UpdatedAt = now, LastSeenAt = now,
                    };
                    db.Readings.Add(row);
                    existing[key] = row;
                }
                changed.Add(input.Target);
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return changed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task<Dictionary<(string, string, string, string), Reading>> LoadExistingAsync(
        DashboardDbContext db, IReadOnlyList<ReadingInput> inputs, CancellationToken ct)
    {
        var units = inputs.Select(i => i.UnitCode).Distinct().ToList();
        var kpis = inputs.Select(i => i.KpiCode).Distinct().ToList();
        var periods = inputs.Select(i => i.Period).Distinct().ToList();
        var rows = await db.Readings
            .Where(r => units.Contains(r.UnitCode) && kpis.Contains(r.KpiCode) && periods.Contains(r.Period))
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.UnitCode, r.KpiCode, r.Period, r.Source));
    }
}
