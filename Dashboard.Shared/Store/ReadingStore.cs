using Microsoft.Data.Sqlite;
using System.Globalization;
using System.Data.Common;
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
    /// (callers validate first). Writes go through prepared commands: change tracking costs more than the disk. (Multi-row
    /// INSERT and CASE updates were tried and were slower on SQLite: see <see cref="Sql.MaxParameters"/>.)
    /// </summary>
    public async Task<IReadOnlyList<ReadingChange>> UpsertAsync(IReadOnlyList<ReadingInput> inputs, CancellationToken ct = default)
    {
        if (inputs.Count == 0) return [];
        var seen = new HashSet<(string, string, string, string)>(inputs.Count);
        foreach (var input in inputs)
        {
            var key = (input.UnitCode, input.KpiCode, input.Period, input.Source);
            if (!seen.Add(key)) throw new ArgumentException($"Duplicate reading key {key} in one batch.", nameof(inputs));
        }
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            var existing = await LoadExistingAsync(connection, transaction, inputs, ct);

            await using var insert = Sql.Command(connection, transaction,
                """INSERT INTO "readings" ("UnitCode", "KpiCode", "Period", "Source", "Value", "UpdatedAt", "LastSeenAt") VALUES (@u, @k, @p, @s, @v, @t, @t)""",
                "@u", "@k", "@p", "@s", "@v", "@t");
            await using var update = Sql.Command(connection, transaction,
                """UPDATE "readings" SET "Value" = @v, "UpdatedAt" = @t, "LastSeenAt" = @t WHERE "Id" = @id""", "@v", "@t", "@id");
            await using var history = Sql.Command(connection, transaction,
                """INSERT INTO "reading_history" ("ReadingId", "Value", "ValidFrom", "ReplacedAt") VALUES (@id, @v, @from, @t)""",
                "@id", "@v", "@from", "@t");

            var changes = new List<ReadingChange>(inputs.Count);
            var unchanged = new List<long>();
            // SQLite takes new rows as one JSON parameter per chunk: binding seven parameters per row costs it more than the
            // insert itself. The servers keep one prepared insert per row (they prepare and batch on their own).
            var bulk = connection is SqliteConnection ? new List<ReadingInput>() : null;
            foreach (var input in inputs)
            {
                if (existing.TryGetValue((input.UnitCode, input.KpiCode, input.Period, input.Source), out var row))
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
                    if (bulk is not null) bulk.Add(input);
                    else await Sql.ExecuteAsync(insert, ct, input.UnitCode, input.KpiCode, input.Period, input.Source, input.Value, now);
                    changes.Add(new(input.UnitCode, input.KpiCode, input.Period, input.Source, input.Value, null, now));
                }
            }
            if (bulk is { Count: > 0 }) await InsertAllAsync(connection, transaction, bulk, now, ct);
            // The source sent these again unchanged: remember when, without touching their values.
            await Sql.ForIdsAsync(connection, transaction, """UPDATE "readings" SET "LastSeenAt" = @t WHERE "Id" IN ({ids})""",
                unchanged, [("@t", now)], ct);

            await tx.CommitAsync(ct);
            return changes;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// New rows in one statement per chunk, read by SQLite from a JSON array. Values go in as the text
    /// Microsoft.Data.Sqlite itself writes for a decimal and a DateTime, so EF Core reads them back the same.
    /// </summary>
    private static async Task InsertAllAsync(DbConnection connection, DbTransaction transaction, List<ReadingInput> rows, DateTime now,
        CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO "readings" ("UnitCode", "KpiCode", "Period", "Source", "Value", "UpdatedAt", "LastSeenAt")
            SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
                   json_extract(value, '$[4]'), @t, @t
            FROM json_each(@rows)
            """, "@rows", "@t");
        foreach (var chunk in rows.Chunk(5_000))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(chunk.Length * 64);
            await using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                foreach (var r in chunk)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(r.UnitCode);
                    json.WriteStringValue(r.KpiCode);
                    json.WriteStringValue(r.Period);
                    json.WriteStringValue(r.Source);
                    json.WriteStringValue(r.Value.ToString("0.0###########################", CultureInfo.InvariantCulture));
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            await Sql.ExecuteAsync(command, ct, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan),
                now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }
    }

    private sealed record ExistingRow(long Id, decimal Value, DateTime UpdatedAt);

    /// <summary>
    /// The stored rows for the batch's keys: one query per group of inputs whose distinct units, KPIs and periods fit the
    /// parameter limit (one for any ordinary batch), through the unique index on (unit, KPI, period, source).
    /// </summary>
    private static async Task<Dictionary<(string, string, string, string), ExistingRow>> LoadExistingAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<ReadingInput> inputs, CancellationToken ct)
    {
        var found = new Dictionary<(string, string, string, string), ExistingRow>();
        var units = new HashSet<string>();
        var kpis = new HashSet<string>();
        var periods = new HashSet<string>();
        foreach (var input in inputs)
        {
            var grows = (units.Contains(input.UnitCode) ? 0 : 1) + (kpis.Contains(input.KpiCode) ? 0 : 1) + (periods.Contains(input.Period) ? 0 : 1);
            if (units.Count + kpis.Count + periods.Count + grows > Sql.MaxParameters)
            {
                await QueryAsync();
                units.Clear();
                kpis.Clear();
                periods.Clear();
            }
            units.Add(input.UnitCode);
            kpis.Add(input.KpiCode);
            periods.Add(input.Period);
        }
        await QueryAsync();
        return found;

        async Task QueryAsync()
        {
            if (units.Count == 0) return;
            var names = new List<string>();
            string List(string prefix, HashSet<string> values)
            {
                var list = values.Select((_, n) => prefix + n).ToList();
                names.AddRange(list);
                return string.Join(", ", list);
            }
            var sql = $"""
                SELECT "Id", "UnitCode", "KpiCode", "Period", "Source", "Value", "UpdatedAt" FROM "readings"
                WHERE "UnitCode" IN ({List("@u", units)}) AND "KpiCode" IN ({List("@k", kpis)}) AND "Period" IN ({List("@p", periods)})
                """;
            await using var command = Sql.Command(connection, transaction, sql, [.. names]);
            var p = 0;
            foreach (var value in units.Concat(kpis).Concat(periods)) command.Parameters[p++].Value = value;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found[(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))] =
                    new ExistingRow(reader.GetInt64(0), reader.GetDecimal(5), DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc));
            }
        }
    }
}
