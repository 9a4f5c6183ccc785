using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Shared.Store;

/// <summary>A stored change: a new reading, or a new value for an existing key (<see cref="OldValue"/> set).</summary>
public sealed record ReadingChange(string UnitCode, string KpiCode, string Period, string Source, decimal Value,
    decimal? OldValue, DateTime UpdatedAt)
{
    public UnitKpi Target => new(UnitCode, KpiCode);
}

/// <summary>
/// Writes readings idempotently: the same reading twice is stored once; a new value for the same
/// (unit, KPI, period, source) replaces the old one, which is kept in history.
/// </summary>
public sealed class ReadingStore(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    // SQLite has one writer at a time; serialising in-process avoids "database is locked" retries and
    // the insert race between two writers that both saw no row for a new key.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>
    /// Stores the batch in one transaction and returns what changed. Keys must be unique within a batch
    /// (callers validate first). Writes go through prepared commands: change tracking costs more than the disk.
    /// </summary>
    public async Task<IReadOnlyList<ReadingChange>> UpsertAsync(IReadOnlyList<ReadingInput> inputs, CancellationToken ct = default)
    {
        if (inputs.Count == 0) return [];
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            var existing = await LoadExistingAsync(db, inputs, ct);
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();

            await using var insert = Sql.Command(connection, transaction,
                "INSERT INTO \"readings\" (\"UnitCode\", \"KpiCode\", \"Period\", \"Source\", \"Value\", \"UpdatedAt\", \"LastSeenAt\") VALUES (@u, @k, @p, @s, @v, @t, @t)",
                "@u", "@k", "@p", "@s", "@v", "@t");
            await using var update = Sql.Command(connection, transaction,
                "UPDATE \"readings\" SET \"Value\" = @v, \"UpdatedAt\" = @t, \"LastSeenAt\" = @t WHERE \"Id\" = @id", "@v", "@t", "@id");
            await using var history = Sql.Command(connection, transaction,
                "INSERT INTO \"reading_history\" (\"ReadingId\", \"Value\", \"ValidFrom\", \"ReplacedAt\") VALUES (@id, @v, @from, @t)", "@id", "@v", "@from", "@t");

            var changes = new List<ReadingChange>();
            var unchanged = new List<long>();
            var seen = new HashSet<(string, string, string, string)>();
            foreach (var input in inputs)
            {
                var key = (input.UnitCode, input.KpiCode, input.Period, input.Source);
                if (!seen.Add(key)) throw new ArgumentException($"Duplicate reading key {key} in one batch.", nameof(inputs));
                if (existing.TryGetValue(key, out var row))
                {
                    if (row.Value == input.Value)
                    {
                        unchanged.Add(row.Id);
                        continue;
                    }
                    await Sql.ExecuteAsync(history, ct, row.Id, row.Value, row.UpdatedAt, now);
                    await Sql.ExecuteAsync(update, ct, input.Value, now, row.Id);
                    changes.Add(new(input.UnitCode, input.KpiCode, input.Period, input.Source, input.Value, row.Value, now));
                }
                else
                {
                    await Sql.ExecuteAsync(insert, ct, input.UnitCode, input.KpiCode, input.Period, input.Source, input.Value, now);
                    changes.Add(new(input.UnitCode, input.KpiCode, input.Period, input.Source, input.Value, null, now));
                }
            }
            // The source sent these again unchanged: remember when, without touching their values.
            foreach (var chunk in unchanged.Chunk(500))
                await db.Readings.Where(r => chunk.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeenAt, now), ct);

            await tx.CommitAsync(ct);
            return changes;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private sealed record ExistingRow(long Id, decimal Value, DateTime UpdatedAt);

    private static async Task<Dictionary<(string, string, string, string), ExistingRow>> LoadExistingAsync(
        DashboardDbContext db, IReadOnlyList<ReadingInput> inputs, CancellationToken ct)
    {
        var units = inputs.Select(i => i.UnitCode).Distinct().ToList();
        var kpis = inputs.Select(i => i.KpiCode).Distinct().ToList();
        var periods = inputs.Select(i => i.Period).Distinct().ToList();
        var rows = await db.Readings.AsNoTracking()
            .Where(r => units.Contains(r.UnitCode) && kpis.Contains(r.KpiCode) && periods.Contains(r.Period))
            .Select(r => new { r.UnitCode, r.KpiCode, r.Period, r.Source, r.Id, r.Value, r.UpdatedAt })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.UnitCode, r.KpiCode, r.Period, r.Source), r => new ExistingRow(r.Id, r.Value, r.UpdatedAt));
    }
}
