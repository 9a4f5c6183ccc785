using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Shared.Store;

public sealed record RecordInput(string UnitCode, string Kind, string RecordKey, string DataJson);

public sealed record RecordUpsertResult(int Inserted, int Updated, int Unchanged);

/// <summary>
/// Stores source records idempotently: an identical row is a no-op, a changed row updates the record and keeps
/// the previous version in history. Keys must be unique within a batch (the importer rejects duplicates first).
/// </summary>
public sealed class RecordStore(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<RecordUpsertResult> UpsertAsync(string source, IReadOnlyList<RecordInput> records, CancellationToken ct = default)
    {
        if (records.Count == 0) return new(0, 0, 0);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            var existing = new Dictionary<(string, string, string), (long Id, string Data, DateTime UpdatedAt)>();
            foreach (var group in records.GroupBy(r => (r.UnitCode, r.Kind)))
            foreach (var chunk in group.Select(r => r.RecordKey).Chunk(500))
            {
                var rows = await db.Records.AsNoTracking()
                    .Where(r => r.Source == source && r.UnitCode == group.Key.UnitCode && r.Kind == group.Key.Kind && chunk.Contains(r.RecordKey))
                    .Select(r => new { r.Id, r.RecordKey, r.DataJson, r.UpdatedAt }).ToListAsync(ct);
                foreach (var r in rows) existing[(group.Key.UnitCode, group.Key.Kind, r.RecordKey)] = (r.Id, r.DataJson, r.UpdatedAt);
            }

            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            await using var insert = Sql.Command(connection, transaction,
                """INSERT INTO "source_records" ("Source", "UnitCode", "Kind", "RecordKey", "DataJson", "FirstSeenAt", "UpdatedAt") VALUES (@s, @u, @k, @key, @d, @t, @t)""",
                "@s", "@u", "@k", "@key", "@d", "@t");
            await using var update = Sql.Command(connection, transaction,
                """UPDATE "source_records" SET "DataJson" = @d, "UpdatedAt" = @t WHERE "Id" = @id""", "@d", "@t", "@id");
            await using var history = Sql.Command(connection, transaction,
                """INSERT INTO "source_record_history" ("RecordId", "DataJson", "ValidFrom", "ReplacedAt") VALUES (@id, @d, @from, @t)""", "@id", "@d", "@from", "@t");

            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var r in records)
            {
                if (existing.TryGetValue((r.UnitCode, r.Kind, r.RecordKey), out var old))
                {
                    if (old.Data == r.DataJson)
                    {
                        unchanged++;
                        continue;
                    }
                    await Sql.ExecuteAsync(history, ct, old.Id, old.Data, old.UpdatedAt, now);
                    await Sql.ExecuteAsync(update, ct, r.DataJson, now, old.Id);
                    updated++;
                }
                else
                {
                    await Sql.ExecuteAsync(insert, ct, source, r.UnitCode, r.Kind, r.RecordKey, r.DataJson, now);
                    inserted++;
                }
            }
            await tx.CommitAsync(ct);
            return new(inserted, updated, unchanged);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
