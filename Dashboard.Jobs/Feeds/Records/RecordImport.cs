using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Jobs.Feeds.Records;

public sealed class ImportOptions
{
    public const string Section = "Import";

    public long MaxBytes { get; set; } = 20L * 1024 * 1024;
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Folder watched for dropped exports (<c>&lt;feed&gt;/&lt;kind&gt;/file</c>); resolved against the data folder.</summary>
    public string? WatchFolder { get; set; }
}

public sealed record ImportOutcome(long RunId, bool Succeeded, string? Error, int Accepted, int Rejected, RecordUpsertResult Stored);

/// <summary>
/// Imports one CSV or XLSX export of source records as one recorded run of a feed: bad rows are reported with their
/// row, field and reason and the good rows are stored; a file that cannot be read at all stores nothing.
/// </summary>
public sealed class RecordImport(
    IDbContextFactory<DashboardDbContext> dbFactory,
    RecordStore records,
    RecordFiguresJob figures,
    UnitDirectory units,
    FeedHealth health,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<RecordImport> logger)
{
    /// <param name="trigger">One of <see cref="FeedTriggers"/>.</param>
    /// <param name="unitAllowed">Whom the caller may write for; rows of other units are rejected, with the reason.</param>
    /// <param name="startedBy">The account or API key that sent the file; null for the watched folder.</param>
    public async Task<ImportOutcome> ImportAsync(string feedId, string kindCode, string? defaultUnit, Stream file, string fileName,
        string trigger, CancellationToken ct = default, Func<string, bool>? unitAllowed = null, string? startedBy = null)
    {
        var kind = Kind(kindCode);
        var run = await StartRunAsync(feedId, trigger, startedBy, defaultUnit, ct);
        var stored = new RecordUpsertResult(0, 0, 0);
        var rejected = new List<RejectedRow>();
        try
        {
            var table = await TabularReader.ReadAsync(file, fileName, new TabularLimits(options.Value.MaxBytes, options.Value.MaxRows), ct: ct);
            if (table.Header.IndexOf(kind.KeyField) < 0)
                throw new TabularFileException(fileName, $"thiếu cột khóa '{kind.KeyField}' của loại '{kind.NameVi}'.");
            rejected.AddRange(table.Errors.Select(e => new RejectedRow(e.Row, "", e.Message)));

            var good = await CheckAsync(kind, table.Rows.Select(r => (r.Row, (Func<string, string?>)r.Get)), defaultUnit, rejected, ct, unitAllowed);
            run.Units = RunUnits.Join(RunUnits.Split(run.Units).Concat(good.Select(r => r.UnitCode)).Concat(rejected.Select(r => r.Unit)));
            stored = await records.UpsertAsync(feedId, good, ct);
            await PublishAsync(good, stored);
            run.Outcome = FeedOutcome.Succeeded;
            run.Accepted = good.Count;
            run.Changed = stored.Inserted + stored.Updated;
        }
        catch (TabularFileException ex)
        {
            run.Outcome = FeedOutcome.Failed;
            run.Error = ex.Message;
        }
        return await FinishAsync(run, kind, fileName, stored, rejected);
    }

    /// <summary>
    /// The records variant of the webhook: JSON objects with the same field names as the file columns. Bad items are
    /// reported by item number; the good ones are stored, in one recorded run.
    /// </summary>
    public async Task<ImportOutcome> ImportItemsAsync(string feedId, string kindCode, string? defaultUnit,
        IReadOnlyList<IReadOnlyDictionary<string, string?>> items, CancellationToken ct = default, Func<string, bool>? unitAllowed = null,
        string? startedBy = null)
    {
        var kind = Kind(kindCode);
        var run = await StartRunAsync(feedId, FeedTriggers.Webhook, startedBy, defaultUnit, ct);
        var rejected = new List<RejectedRow>();
        var rows = items.Select((item, i) => (i + 1, (Func<string, string?>)(name => item.GetValueOrDefault(name))));
        var good = await CheckAsync(kind, rows, defaultUnit, rejected, ct, unitAllowed);
        run.Units = RunUnits.Join(RunUnits.Split(run.Units).Concat(good.Select(r => r.UnitCode)).Concat(rejected.Select(r => r.Unit)));
        var stored = await records.UpsertAsync(feedId, good, ct);
        await PublishAsync(good, stored);
        run.Outcome = FeedOutcome.Succeeded;
        run.Accepted = good.Count;
        run.Changed = stored.Inserted + stored.Updated;
        return await FinishAsync(run, kind, "webhook", stored, rejected);
    }

    /// <summary>
    /// The records are stored; recomputing the live figures must not turn the import into a failure, and the hourly
    /// run catches up if it fails here.
    /// </summary>
    private async Task PublishAsync(List<RecordInput> good, RecordUpsertResult stored)
    {
        if (stored.Inserted + stored.Updated == 0) return;
        try
        {
            await figures.RefreshAsync(good.Select(r => r.UnitCode), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Figures from the imported records could not be recomputed");
        }
    }

    private static RecordKind Kind(string code) =>
        RecordKinds.Find(code) ?? throw new ArgumentException($"Loại hồ sơ '{code}' không có ({string.Join(", ", RecordKinds.All.Select(k => k.Code))}).", "kind");

    /// <summary>
    /// Records the run before reading anything: who sent it and the unit chosen for it, so that a file refused whole is
    /// still seen by them (docs/feeds.md, who sees which run).
    /// </summary>
    private async Task<FeedRun> StartRunAsync(string feedId, string trigger, string? startedBy, string? defaultUnit, CancellationToken ct)
    {
        var run = new FeedRun
        {
            FeedId = feedId, Trigger = trigger, StartedAt = time.GetUtcNow().UtcDateTime,
            StartedBy = startedBy is null ? null : startedBy.Length <= 200 ? startedBy : startedBy[..200],
            Units = RunUnits.Join([KnownUnit(defaultUnit)]),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Feeds.AnyAsync(f => f.Id == feedId, ct))
            throw new ArgumentException($"Nguồn dữ liệu '{feedId}' không có.", "feed");
        db.FeedRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>Checks every row; returns the good records and adds each problem to <paramref name="rejected"/>.</summary>
    private async Task<List<RecordInput>> CheckAsync(RecordKind kind, IEnumerable<(int Row, Func<string, string?> Get)> rows,
        string? defaultUnit, List<RejectedRow> rejected, CancellationToken ct, Func<string, bool>? unitAllowed = null)
    {
        var good = new List<RecordInput>();
        var firstRow = new Dictionary<(string Unit, string Key), int>();
        var procedures = kind == RecordKinds.Dossier ? await KnownProceduresAsync(ct) : null;
        foreach (var (row, get) in rows)
        {
            var (record, problems) = RecordParser.Parse(kind, row, get, defaultUnit, units);
            // Each problem belongs to its row's unit when the row names a known one: only those who may see it read it.
            var rowUnit = KnownUnit(string.IsNullOrWhiteSpace(get(RecordKinds.UnitColumn)) ? defaultUnit : get(RecordKinds.UnitColumn)!.Trim());
            rejected.AddRange(problems.Select(p => p with { Unit = rowUnit }));
            if (record is null) continue;
            if (unitAllowed is not null && !unitAllowed(record.UnitCode))
            {
                rejected.Add(new(row, RecordKinds.UnitColumn, $"Không được ghi hồ sơ cho đơn vị '{record.UnitCode}' (ngoài phạm vi được giao).", record.UnitCode));
                continue;
            }
            if (!firstRow.TryAdd((record.UnitCode, record.RecordKey), row))
            {
                rejected.Add(new(row, kind.KeyField, $"Mã '{record.RecordKey}' trùng với dòng {firstRow[(record.UnitCode, record.RecordKey)]} trong cùng tệp hoặc lần gửi.",
                    record.UnitCode));
                continue;
            }
            if (procedures is not null && procedures.TryGetValue(record.UnitCode, out var known) && !known.Contains(Procedure(record)))
            {
                rejected.Add(new(row, "ma_thu_tuc", $"Mã thủ tục '{Procedure(record)}' không có trong danh mục thủ tục của đơn vị {record.UnitCode}.",
                    record.UnitCode));
                continue;
            }
            good.Add(record);
        }
        return good;
    }

    private async Task<ImportOutcome> FinishAsync(FeedRun run, RecordKind kind, string fileName, RecordUpsertResult stored, List<RejectedRow> rejected)
    {
        run.Rejected = rejected.Count;
        run.Rejections = rejected.OrderBy(r => r.Row)
            .Select(r => new FeedRejection
            {
                Row = r.Row, Field = r.Field, Reason = r.Reason.Length > 1000 ? r.Reason[..999] + "…" : r.Reason, UnitCode = r.Unit,
            })
            .ToList();
        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            db.FeedRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        var at = new DateTimeOffset(run.FinishedAt.Value, TimeSpan.Zero);
        if (run.Outcome == FeedOutcome.Succeeded) health.Succeeded(run.FeedId, at);
        else health.Failed(run.FeedId, at, run.Error!);
        logger.LogInformation("Import {File} into {FeedId} ({Kind}): {Outcome}, {Accepted} accepted, {Rejected} rejected",
            fileName, run.FeedId, kind.Code, run.Outcome, run.Accepted, run.Rejected);
        return new ImportOutcome(run.Id, run.Outcome == FeedOutcome.Succeeded, run.Error, run.Accepted, run.Rejected, stored);
    }

    /// <summary>The unit code if the directory has it; anything else (a typo, a code from elsewhere) belongs to no unit.</summary>
    private string? KnownUnit(string? code) => code is not null && units.Find(code) is not null ? code : null;

    private static string Procedure(RecordInput dossier) =>
        System.Text.Json.JsonDocument.Parse(dossier.DataJson).RootElement.GetProperty("ma_thu_tuc").GetString()!;

    /// <summary>Procedure codes each unit has on record; a unit with none yet cannot be checked.</summary>
    private async Task<Dictionary<string, HashSet<string>>> KnownProceduresAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Records.AsNoTracking().Where(r => r.Kind == RecordKinds.Procedure.Code)
            .Select(r => new { r.UnitCode, r.RecordKey }).ToListAsync(ct);
        return rows.GroupBy(r => r.UnitCode).ToDictionary(g => g.Key, g => g.Select(r => r.RecordKey).ToHashSet(StringComparer.Ordinal));
    }
}
