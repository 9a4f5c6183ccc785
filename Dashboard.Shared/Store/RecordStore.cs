using System.Collections.Concurrent;
using Dashboard.Shared.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Shared.Store;

public sealed record RecordInput(string UnitCode, string Kind, string RecordKey, string DataJson);

public sealed record RecordUpsertResult(int Inserted, int Updated, int Unchanged);

/// <summary>
/// What a write changed, for what keeps records in memory (<see cref="Engine.Records.RecordCache.MergeAsync"/>): the records
/// inserted or updated, their keys in their one spelling, all stamped <see cref="At"/>. Filled once the write is committed.
/// </summary>
public sealed class StoredChanges
{
    public List<RecordInput> Records { get; } = [];

    /// <summary>The UpdatedAt of every record in <see cref="Records"/>.</summary>
    public DateTime At { get; internal set; }
}

/// <summary>
/// Stores source records idempotently: an identical row is a no-op, a changed row updates the record and keeps
/// the previous version in history. Keys must be unique within a batch (the importer rejects duplicates first), and are
/// stored in their one spelling (<see cref="Identifier"/>). A record stored by an earlier version under another spelling
/// ("hs-0001", NFD) is found by a write of the normal form, updated, and renamed to it.
/// </summary>
public sealed class RecordStore(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>(source, unit, kind) groups known to hold no record a new key could be a variant of: never scanned again.</summary>
    private readonly ConcurrentDictionary<(string Source, string Unit, string Kind), bool> _noVariants = new();

    /// <param name="changes">Given, receives the records inserted or updated once they are committed.</param>
    public async Task<RecordUpsertResult> UpsertAsync(string source, IReadOnlyList<RecordInput> records, CancellationToken ct = default,
        StoredChanges? changes = null)
    {
        if (records.Count == 0) return new(0, 0, 0);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            records = records.Select(r => Identifier.IsNormal(r.RecordKey) ? r : r with { RecordKey = Identifier.Normalize(r.RecordKey) }).ToList();
            var existing = new Dictionary<(string, string, string), (long Id, string Data, DateTime UpdatedAt, string StoredKey)>();
            foreach (var group in records.GroupBy(r => (r.UnitCode, r.Kind)))
            {
                var (unit, kind) = group.Key;
                var inGroup = db.Records.AsNoTracking().Where(r => r.Source == source && r.UnitCode == unit && r.Kind == kind);
                // A first import of a large export finds nothing stored: one count instead of a lookup per 500 keys. A batch
                // about as large as what is stored reads the group in one pass; a few keys among many are looked up.
                var stored = await inGroup.CountAsync(ct);
                if (stored == 0)
                {
                    _noVariants[(source, unit, kind)] = true;
                    continue;
                }
                var keys = group.Select(r => r.RecordKey).ToHashSet(StringComparer.Ordinal);
                if (stored <= 4 * keys.Count)
                {
                    await foreach (var r in inGroup.Select(r => new { r.Id, r.RecordKey, r.DataJson, r.UpdatedAt }).AsAsyncEnumerable().WithCancellation(ct))
                        if (keys.Contains(r.RecordKey)) existing[(unit, kind, r.RecordKey)] = (r.Id, r.DataJson, r.UpdatedAt, r.RecordKey);
                }
                else
                {
                    foreach (var chunk in keys.Chunk(500))
                    {
                        var rows = await inGroup.Where(r => chunk.Contains(r.RecordKey))
                            .Select(r => new { r.Id, r.RecordKey, r.DataJson, r.UpdatedAt }).ToListAsync(ct);
                        foreach (var r in rows) existing[(unit, kind, r.RecordKey)] = (r.Id, r.DataJson, r.UpdatedAt, r.RecordKey);
                    }
                }
                var missing = group.Select(r => r.RecordKey).Where(k => !existing.ContainsKey((group.Key.UnitCode, group.Key.Kind, k))).ToHashSet(StringComparer.Ordinal);
                if (missing.Count > 0) await FindVariantsAsync(db, source, group.Key.UnitCode, group.Key.Kind, missing, existing, ct);
            }

            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            await using var insert = Sql.Command(connection, transaction,
                """INSERT INTO "source_records" ("Source", "UnitCode", "Kind", "RecordKey", "DataJson", "FirstSeenAt", "UpdatedAt") VALUES (@s, @u, @k, @key, @d, @t, @t)""",
                "@s", "@u", "@k", "@key", "@d", "@t");
            await using var update = Sql.Command(connection, transaction,
                """UPDATE "source_records" SET "DataJson" = @d, "UpdatedAt" = @t WHERE "Id" = @id""", "@d", "@t", "@id");
            await using var rename = Sql.Command(connection, transaction,
                """UPDATE "source_records" SET "RecordKey" = @key WHERE "Id" = @id""", "@key", "@id");
            await using var history = Sql.Command(connection, transaction,
                """INSERT INTO "source_record_history" ("RecordId", "DataJson", "ValidFrom", "ReplacedAt") VALUES (@id, @d, @from, @t)""", "@id", "@d", "@from", "@t");

            int inserted = 0, updated = 0, unchanged = 0;
            var changed = changes is null ? null : new List<RecordInput>();
            // As for readings: SQLite takes new rows as one JSON parameter per chunk, which costs it less than binding each row.
            var bulk = connection is Microsoft.Data.Sqlite.SqliteConnection ? new List<RecordInput>() : null;
            foreach (var r in records)
            {
                if (existing.TryGetValue((r.UnitCode, r.Kind, r.RecordKey), out var old))
                {
                    if (old.StoredKey != r.RecordKey) await Sql.ExecuteAsync(rename, ct, r.RecordKey, old.Id);
                    if (old.Data == r.DataJson)
                    {
                        unchanged++;
                        continue;
                    }
                    await Sql.ExecuteAsync(history, ct, old.Id, old.Data, old.UpdatedAt, now);
                    await Sql.ExecuteAsync(update, ct, r.DataJson, now, old.Id);
                    updated++;
                    changed?.Add(r);
                }
                else
                {
                    if (bulk is not null) bulk.Add(r);
                    else await Sql.ExecuteAsync(insert, ct, source, r.UnitCode, r.Kind, r.RecordKey, r.DataJson, now);
                    inserted++;
                    changed?.Add(r);
                }
            }
            if (bulk is { Count: > 0 }) await InsertAllAsync(connection, transaction, source, bulk, now, ct);
            await tx.CommitAsync(ct);
            if (changes is not null)
            {
                changes.Records.AddRange(changed!);
                changes.At = now;
            }
            return new(inserted, updated, unchanged);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// New rows in one statement per chunk, read by SQLite from a JSON array of [unit, kind, key, data]; the data is stored as
    /// the text it was, and the time as Microsoft.Data.Sqlite writes a DateTime, so EF Core reads both back the same.
    /// </summary>
    private static async Task InsertAllAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        string source, List<RecordInput> rows, DateTime now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO "source_records" ("Source", "UnitCode", "Kind", "RecordKey", "DataJson", "FirstSeenAt", "UpdatedAt")
            SELECT @s, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), @t, @t
            FROM json_each(@rows)
            """, "@s", "@rows", "@t");
        var at = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        // One buffer for every chunk. The relaxed encoder writes a quote in a record's JSON as \" rather than \u0022, and
        // Vietnamese letters as they are: less text to write, and for SQLite to read and unescape (which it does the same).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Math.Min(rows.Count, ChunkRows) * 400);
        await using var json = new System.Text.Json.Utf8JsonWriter(buffer, BulkJson);
        foreach (var chunk in rows.Chunk(ChunkRows))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartArray();
            foreach (var r in chunk)
            {
                json.WriteStartArray();
                json.WriteStringValue(r.UnitCode);
                json.WriteStringValue(r.Kind);
                json.WriteStringValue(r.RecordKey);
                json.WriteStringValue(r.DataJson);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            await json.FlushAsync(ct);
            await Sql.ExecuteAsync(command, ct, source, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), at);
        }
    }

    private const int ChunkRows = 5_000;

    private static readonly System.Text.Json.JsonWriterOptions BulkJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Records of the group stored under another spelling of a key that is new to the batch; the latest of them stands for
    /// the key. Only keys are read, and a group found to hold no variant a new key could match is not read again.
    /// </summary>
    private async Task FindVariantsAsync(DashboardDbContext db, string source, string unit, string kind, HashSet<string> missing,
        Dictionary<(string, string, string), (long Id, string Data, DateTime UpdatedAt, string StoredKey)> existing, CancellationToken ct)
    {
        if (_noVariants.ContainsKey((source, unit, kind))) return;
        var stored = await db.Records.AsNoTracking().Where(r => r.Source == source && r.UnitCode == unit && r.Kind == kind)
            .Select(r => new { r.Id, r.RecordKey, r.UpdatedAt }).ToListAsync(ct);
        var normal = stored.Where(r => Identifier.IsNormal(r.RecordKey)).Select(r => r.RecordKey).ToHashSet(StringComparer.Ordinal);
        var variants = stored.Where(r => !Identifier.IsNormal(r.RecordKey))
            .GroupBy(r => Identifier.Normalize(r.RecordKey), StringComparer.Ordinal)
            .Where(g => !normal.Contains(g.Key))
            .ToList();
        var matched = variants.Where(g => missing.Contains(g.Key)).Select(g => (Key: g.Key, Row: g.MaxBy(r => (r.UpdatedAt, r.Id))!)).ToList();
        foreach (var chunk in matched.Chunk(500))
        {
            var ids = chunk.Select(m => m.Row.Id).ToList();
            var data = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.DataJson, ct);
            foreach (var (key, row) in chunk) existing[(unit, kind, key)] = (row.Id, data[row.Id], row.UpdatedAt, row.RecordKey);
        }
        // Once every variant has a record in the normal spelling (or is about to), an exact lookup always wins.
        if (variants.Count == matched.Count) _noVariants[(source, unit, kind)] = true;
    }
}
