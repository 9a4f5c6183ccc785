using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Jobs.Feeds.Records;

public sealed class ImportOptions
{
    public const string Section = "Import";

    public long MaxBytes { get; set; } = 20L * 1024 * 1024;
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Most an XLSX may unpack to in all (bytes), however it is compressed.</summary>
    public long MaxUnpackedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most an XLSX may unpack to, as a multiple of its file size.</summary>
    public int MaxUnpackedRatio { get; set; } = 100;

    /// <summary>Folder watched for dropped exports (<c>&lt;feed&gt;/&lt;kind&gt;/file</c>); resolved against the data folder.</summary>
    public string? WatchFolder { get; set; }

    public TabularLimits Limits => new(MaxBytes, MaxRows) { MaxUnpackedBytes = MaxUnpackedBytes, MaxUnpackedRatio = MaxUnpackedRatio };
}

/// <summary>What an import of a file would do, before anything is stored (<see cref="RecordImport.PreviewAsync"/>).</summary>
/// <param name="Saved">The mapping is the feed's saved one, which fits the file's header.</param>
/// <param name="NeedsMapping">Staff must confirm the mapping: no saved one fits, and the file does not carry our own column names.</param>
/// <param name="RowCount">Data rows in the file; <paramref name="RowsWithErrors"/> of them have a problem.</param>
public sealed record ImportPreview(string FileName, string? SheetName, int HeaderRow, IReadOnlyList<string> Header, ColumnMapping Mapping,
    bool Saved, bool NeedsMapping, IReadOnlyList<string> MappingProblems, IReadOnlyList<PreviewRow> Rows, int RowCount, int RowsWithErrors);

/// <summary>One row of a preview: the text of each mapped field as the file has it, the row's problems, and the record
/// as it would be stored (its fields normalised: ISO dates, đồng, codes) when the row has none.</summary>
public sealed record PreviewRow(int Row, IReadOnlyDictionary<string, string> Values, IReadOnlyList<RejectedRow> Problems, JsonElement? Record = null);

public sealed record ImportOutcome(long RunId, bool Succeeded, string? Error, int Accepted, int Rejected, RecordUpsertResult Stored);

/// <summary>
/// Imports one CSV or XLSX export of source records as one recorded run of a feed: bad rows are reported with their
/// row, field and reason and the good rows are stored; a file that cannot be read at all stores nothing. A run always
/// ends: whatever goes wrong, it is recorded as failed, with a reason in Vietnamese and its finish time.
/// </summary>
public sealed class RecordImport(
    IDbContextFactory<DashboardDbContext> dbFactory,
    RecordStore records,
    RecordFiguresJob figures,
    UnitDirectory units,
    FeedHealth health,
    IOptions<ImportOptions> options,
    IOptions<IngestLimits> limits,
    TimeProvider time,
    ILogger<RecordImport> logger)
{
    private sealed record Row(int Number, Func<string, string?> Get, Func<string, bool>? Typed = null);

    /// <param name="trigger">One of <see cref="FeedTriggers"/>.</param>
    /// <param name="unitAllowed">Whom the caller may write for; rows of other units are rejected, with the reason.</param>
    /// <param name="startedBy">The account or API key that sent the file; null for the watched folder.</param>
    /// <exception cref="ArgumentException">No such kind or feed (before any run is recorded).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the run is recorded as failed first.</exception>
    /// <param name="mapping">The columns as staff mapped them on /import; by default the feed's saved mapping when the file's
    /// header fits it, else the columns recognised by their names (<see cref="ColumnMapping"/>).</param>
    public async Task<ImportOutcome> ImportAsync(string feedId, string kindCode, string? defaultUnit, Stream file, string fileName,
        string trigger, CancellationToken ct = default, Func<string, bool>? unitAllowed = null, string? startedBy = null,
        ColumnMapping? mapping = null)
    {
        var kind = Kind(kindCode);
        var run = await StartRunAsync(feedId, trigger, startedBy, defaultUnit, ct);
        var result = new Progress();
        try
        {
            var (table, used, _) = await ReadMappedAsync(feedId, kind, file, fileName, mapping, ct);
            result.Mark("read");
            var columns = used.Bind(table.Header);
            if (!columns.ContainsKey(kind.KeyField))
                throw new TabularFileException(fileName, $"thiếu cột khóa '{kind.KeyField}' ({ColumnMapping.Label(kind.KeyField)}) của loại '{kind.NameVi}'.");
            if (table.Rows.Count == 0 && table.Errors.Count == 0)
                throw new TabularFileException(fileName, "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào. " +
                    "Hãy kiểm tra đã xuất đúng kỳ, đúng đơn vị rồi gửi lại.");
            result.Rejected.AddRange(table.Errors.Select(e => new RejectedRow(e.Row, "", e.Message)));
            await StoreAsync(run, kind, table.Rows.Select(r => Mapped(r, columns)), defaultUnit, result, ct, unitAllowed, used);
        }
        catch (TabularFileException ex)
        {
            run.Outcome = FeedOutcome.Failed;
            run.Error = ex.Message;
        }
        catch (Exception ex)
        {
            Fail(run, ex, $"tệp '{TextExcerpt.Of(fileName)}'", ct);
            await FinishAsync(run, kind, fileName, result);
            if (ex is OperationCanceledException && ct.IsCancellationRequested) throw;
            return Outcome(run, result);
        }
        await FinishAsync(run, kind, fileName, result);
        return Outcome(run, result);
    }

    /// <summary>
    /// Reads a file as an import would and checks its rows, storing nothing: the mapping it would use (or
    /// <paramref name="mapping"/>), whether staff must confirm it, and the first rows with their problems.
    /// </summary>
    /// <exception cref="TabularFileException">The file cannot be read at all (the import would fail the same way).</exception>
    public async Task<ImportPreview> PreviewAsync(string feedId, string kindCode, string? defaultUnit, Stream file, string fileName,
        ColumnMapping? mapping = null, Func<string, bool>? unitAllowed = null, int shown = 10, CancellationToken ct = default)
    {
        var kind = Kind(kindCode);
        var (table, used, saved) = await ReadMappedAsync(feedId, kind, file, fileName, mapping, ct);
        var columns = used.Bind(table.Header);
        var rejected = table.Errors.Select(e => new RejectedRow(e.Row, "", e.Message)).ToList();
        await CheckAsync(kind, table.Rows.Select(r => Mapped(r, columns)), defaultUnit, rejected, ct, unitAllowed, used);
        var byRow = rejected.ToLookup(r => r.Row);
        // Each shown row parsed once more on its own, so the page shows what would be stored (đồng, dates in Vietnam).
        var rows = table.Rows.Take(shown)
            .Select(r => new PreviewRow(r.Row, columns.ToDictionary(c => c.Key, c => r[c.Value]), byRow[r.Row].ToList(),
                Parsed(kind, Mapped(r, columns), defaultUnit, used)))
            .ToList();
        var fitsSaved = saved is not null && ReferenceEquals(used, saved);
        var needsMapping = !fitsSaved && !(used.UsesOwnNames(kind) && used.Problems(kind).Count == 0);
        return new ImportPreview(table.FileName, table.SheetName, table.HeaderRow, [.. table.Header], used, fitsSaved, needsMapping,
            used.Problems(kind), rows, table.Rows.Count + table.Errors.Count, byRow.Count);
    }

    /// <summary>The mapping kept in the feed's settings for the kind, or null.</summary>
    public async Task<ColumnMapping?> SavedMappingAsync(string feedId, string kindCode, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Feeds.AsNoTracking().Where(f => f.Id == feedId).Select(f => f.SettingsJson).SingleOrDefaultAsync(ct);
        return ColumnMapping.FromSettings(settings, kindCode);
    }

    /// <summary>Keeps the mapping in the feed's settings for the next file of the kind; false when it was already the saved one.</summary>
    /// <exception cref="ArgumentException">No such feed or kind.</exception>
    public async Task<bool> SaveMappingAsync(string feedId, string kindCode, ColumnMapping mapping, CancellationToken ct = default)
    {
        var kind = Kind(kindCode);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.Feeds.SingleOrDefaultAsync(f => f.Id == feedId, ct) ?? throw new ArgumentException($"Nguồn dữ liệu '{feedId}' không có.", "feed");
        if (mapping.SameAs(ColumnMapping.FromSettings(feed.SettingsJson, kind.Code))) return false;
        feed.SettingsJson = mapping.ToSettings(feed.SettingsJson, kind.Code);
        feed.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Reads the file with the header found by the mapping's names (below any title rows), and picks the mapping: the one
    /// given, else the saved one when the header fits it, else the columns recognised by their names.
    /// </summary>
    private async Task<(TabularResult Table, ColumnMapping Used, ColumnMapping? Saved)> ReadMappedAsync(string feedId, RecordKind kind,
        Stream file, string fileName, ColumnMapping? mapping, CancellationToken ct)
    {
        var saved = await SavedMappingAsync(feedId, kind.Code, ct);
        var known = mapping ?? saved;
        var table = await TabularReader.ReadAsync(file, fileName, options.Value.Limits, ct: ct,
            isHeader: cells => ColumnMapping.LooksLikeHeader(kind, cells, known));
        var used = mapping ?? (saved is not null && saved.Matches(table.Header) ? saved : ColumnMapping.Recognise(kind, table.Header));
        return (table, used, saved);
    }

    private JsonElement? Parsed(RecordKind kind, Row row, string? defaultUnit, ColumnMapping mapping)
    {
        var (record, _) = RecordParser.Parse(kind, row.Number, row.Get, defaultUnit, units, limits.Value, row.Typed,
            field => ColumnMapping.Factor(mapping.UnitOf(field)), field => mapping.DateOrderOf(field) == DateOrder.MonthFirst);
        return record is null ? null : JsonDocument.Parse(record.DataJson).RootElement.Clone();
    }

    private static Row Mapped(TabularRow row, Dictionary<string, int> columns) =>
        new(row.Row, name => columns.TryGetValue(name, out var i) ? row[i] : null,
            name => columns.TryGetValue(name, out var i) && row.IsNumber(row.Header[i]));

    /// <summary>
    /// The records variant of the webhook: JSON objects with the same field names as the file columns, their values as
    /// text. Bad items are reported by item number; the good ones are stored, in one recorded run. Prefer the overload
    /// taking <see cref="JsonElement"/>s: it reads JSON numbers as the numbers they are.
    /// </summary>
    public Task<ImportOutcome> ImportItemsAsync(string feedId, string kindCode, string? defaultUnit,
        IReadOnlyList<IReadOnlyDictionary<string, string?>> items, CancellationToken ct = default, Func<string, bool>? unitAllowed = null,
        string? startedBy = null) =>
        ImportRowsAsync(feedId, kindCode, defaultUnit, items.Select((item, i) => new Row(i + 1, name => item.GetValueOrDefault(name))).ToList(),
            ct, unitAllowed, startedBy);

    /// <summary>
    /// The records variant of the webhook, from the request's JSON objects as they are: a JSON number (<c>1.250</c>) is the
    /// number it is, a JSON string (<c>"1.250"</c>) is text read the Vietnamese way (docs/feeds.md, "Numbers").
    /// Field names are matched without case.
    /// </summary>
    public Task<ImportOutcome> ImportItemsAsync(string feedId, string kindCode, string? defaultUnit,
        IReadOnlyList<JsonElement> items, CancellationToken ct = default, Func<string, bool>? unitAllowed = null, string? startedBy = null) =>
        ImportRowsAsync(feedId, kindCode, defaultUnit, items.Select((item, i) => JsonRow(i + 1, item)).ToList(), ct, unitAllowed, startedBy);

    private static Row JsonRow(int number, JsonElement item)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        if (item.ValueKind == JsonValueKind.Object)
            foreach (var p in item.EnumerateObject()) fields.TryAdd(p.Name, p.Value);
        return new Row(number,
            name => fields.TryGetValue(name, out var v)
                ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => v.GetRawText(),
                }
                : null,
            name => fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number);
    }

    private async Task<ImportOutcome> ImportRowsAsync(string feedId, string kindCode, string? defaultUnit, List<Row> rows,
        CancellationToken ct, Func<string, bool>? unitAllowed, string? startedBy)
    {
        var kind = Kind(kindCode);
        var run = await StartRunAsync(feedId, FeedTriggers.Webhook, startedBy, defaultUnit, ct);
        var result = new Progress();
        try
        {
            if (rows.Count == 0)
            {
                run.Outcome = FeedOutcome.Failed;
                run.Error = "Yêu cầu không có bản ghi nào.";
            }
            else await StoreAsync(run, kind, rows, defaultUnit, result, ct, unitAllowed);
        }
        catch (Exception ex)
        {
            Fail(run, ex, "lần gửi", ct);
            await FinishAsync(run, kind, "webhook", result);
            if (ex is OperationCanceledException && ct.IsCancellationRequested) throw;
            return Outcome(run, result);
        }
        await FinishAsync(run, kind, "webhook", result);
        return Outcome(run, result);
    }

    /// <summary>What a run has done so far, kept when it fails half-way.</summary>
    private sealed class Progress
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<string> _phases = [];

        public List<RejectedRow> Rejected { get; } = [];
        public RecordUpsertResult Stored { get; set; } = new(0, 0, 0);

        /// <summary>Ends a phase of the run (read, checked, stored, figures): the log says where a slow import spent its time.</summary>
        public void Mark(string phase)
        {
            _phases.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{phase} {_clock.Elapsed.TotalMilliseconds:0} ms"));
            _clock.Restart();
        }

        public string Phases => _phases.Count == 0 ? "-" : string.Join(", ", _phases);
    }

    private async Task StoreAsync(FeedRun run, RecordKind kind, IEnumerable<Row> rows, string? defaultUnit, Progress result,
        CancellationToken ct, Func<string, bool>? unitAllowed, ColumnMapping? mapping = null)
    {
        var good = await CheckAsync(kind, rows, defaultUnit, result.Rejected, ct, unitAllowed, mapping);
        result.Mark("checked");
        // The run belongs to every unit its rows named, so each unit's people see it (docs/feeds.md, who sees which run).
        run.Units = RunUnits.Join(RunUnits.Split(run.Units).Concat(good.Select(r => r.UnitCode)).Concat(result.Rejected.Select(r => r.Unit)));
        var changes = new StoredChanges();
        result.Stored = await records.UpsertAsync(run.FeedId, good, ct, changes);
        result.Mark("stored");
        run.Accepted = good.Count;
        run.Changed = result.Stored.Inserted + result.Stored.Updated;
        await PublishAsync(run.FeedId, good, result.Stored, changes);
        result.Mark("figures");
        run.Outcome = FeedOutcome.Succeeded;
    }

    /// <summary>Something no row or file check foresaw (a dropped connection, a store fault): the run fails, saying so.</summary>
    private void Fail(FeedRun run, Exception ex, string what, CancellationToken ct)
    {
        run.Outcome = FeedOutcome.Failed;
        if (ex is OperationCanceledException && ct.IsCancellationRequested)
        {
            run.Error = $"Lần nhập {what} bị dừng trước khi xong (người gửi ngắt kết nối hoặc máy chủ đang dừng).";
            logger.LogWarning("Import into {FeedId} was cancelled", run.FeedId);
            return;
        }
        run.Error = $"Lỗi không mong đợi khi nhập {what} ({ex.GetType().Name}); " +
            (run.Accepted > 0 ? "các dòng đã kiểm tra xong có thể đã được lưu. " : "chưa có dòng nào được lưu. ") +
            "Hãy thử lại; nếu vẫn lỗi, báo quản trị viên (chi tiết trong nhật ký máy chủ).";
        logger.LogError(ex, "Import into {FeedId} failed unexpectedly", run.FeedId);
    }

    private static ImportOutcome Outcome(FeedRun run, Progress result) =>
        new(run.Id, run.Outcome == FeedOutcome.Succeeded, run.Error, run.Accepted, run.Rejected, result.Stored);

    /// <summary>
    /// The records are stored; recomputing the live figures must not turn the import into a failure, and the hourly
    /// run catches up if it fails here.
    /// </summary>
    private async Task PublishAsync(string feedId, List<RecordInput> good, RecordUpsertResult stored, StoredChanges changes)
    {
        if (stored.Inserted + stored.Updated == 0) return;
        try
        {
            await figures.RefreshAsync(good.Select(r => r.UnitCode), feedId, changes, CancellationToken.None);
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
    private async Task<List<RecordInput>> CheckAsync(RecordKind kind, IEnumerable<Row> rows,
        string? defaultUnit, List<RejectedRow> rejected, CancellationToken ct, Func<string, bool>? unitAllowed = null,
        ColumnMapping? mapping = null)
    {
        // A file's amounts in its mapped unit, and its text dates in its mapped order; JSON items have no mapping.
        Func<string, decimal>? amountFactor = mapping is null ? null : field => ColumnMapping.Factor(mapping.UnitOf(field));
        Func<string, bool>? monthFirst = mapping is null ? null : field => mapping.DateOrderOf(field) == DateOrder.MonthFirst;
        var good = new List<RecordInput>();
        var firstRow = new Dictionary<(string Unit, string Key), int>();
        var procedures = kind == RecordKinds.Dossier ? await KnownProceduresAsync(ct) : null;
        foreach (var (row, get, typed) in rows)
        {
            RecordInput? record;
            try
            {
                (record, var problems) = RecordParser.Parse(kind, row, get, defaultUnit, units, limits.Value, typed, amountFactor, monthFirst);
                if (problems.Count > 0)
                {
                    // Each problem belongs to its row's unit when the row names a known one: only those who may see it read it.
                    var rowUnit = KnownUnit(string.IsNullOrWhiteSpace(get(RecordKinds.UnitColumn)) ? defaultUnit : get(RecordKinds.UnitColumn)!.Trim());
                    rejected.AddRange(problems.Select(p => p with { Unit = rowUnit }));
                }
            }
            catch (Exception ex)
            {
                // The parser reports what it foresees; anything else is still about this row alone, never the file.
                logger.LogError(ex, "Row {Row} of a {Kind} import could not be checked", row, kind.Code);
                rejected.Add(new(row, "", $"Không kiểm tra được dòng này (lỗi không mong đợi {ex.GetType().Name}); dòng bị bỏ qua."));
                continue;
            }
            if (record is null) continue;
            if (unitAllowed is not null && !unitAllowed(record.UnitCode))
            {
                rejected.Add(new(row, RecordKinds.UnitColumn, $"Không được ghi hồ sơ cho đơn vị '{record.UnitCode}' (ngoài phạm vi được giao).", record.UnitCode));
                continue;
            }
            if (!firstRow.TryAdd((record.UnitCode, record.RecordKey), row))
            {
                rejected.Add(new(row, kind.KeyField, $"Mã '{TextExcerpt.Of(record.RecordKey)}' trùng với dòng {firstRow[(record.UnitCode, record.RecordKey)]} trong cùng tệp hoặc lần gửi.",
                    record.UnitCode));
                continue;
            }
            if (procedures is not null && procedures.TryGetValue(record.UnitCode, out var known))
            {
                // The code as the parser stored it (its one spelling), taken from the cell rather than the record's JSON.
                var procedure = Identifier.Normalize(get("ma_thu_tuc")!);
                if (!known.Contains(procedure))
                {
                    rejected.Add(new(row, "ma_thu_tuc", $"Mã thủ tục '{TextExcerpt.Of(procedure)}' không có trong danh mục thủ tục của đơn vị {record.UnitCode}.",
                        record.UnitCode));
                    continue;
                }
            }
            good.Add(record);
        }
        return good;
    }

    private async Task FinishAsync(FeedRun run, RecordKind kind, string fileName, Progress result)
    {
        run.Rejected = result.Rejected.Count;
        run.Rejections = result.Rejected.OrderBy(r => r.Row)
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
        logger.LogInformation("Import {File} into {FeedId} ({Kind}): {Outcome}, {Accepted} accepted, {Rejected} rejected ({Phases})",
            fileName, run.FeedId, kind.Code, run.Outcome, run.Accepted, run.Rejected, result.Phases);
    }

    /// <summary>The unit code if the directory has it; anything else (a typo, a code from elsewhere) belongs to no unit.</summary>
    private string? KnownUnit(string? code) => code is not null && units.Contains(code) ? code : null;

    /// <summary>Procedure codes each unit has on record; a unit with none yet cannot be checked.</summary>
    private async Task<Dictionary<string, HashSet<string>>> KnownProceduresAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Records.AsNoTracking().Where(r => r.Kind == RecordKinds.Procedure.Code)
            .Select(r => new { r.UnitCode, r.RecordKey }).ToListAsync(ct);
        return rows.GroupBy(r => r.UnitCode).ToDictionary(g => g.Key, g => g.Select(r => Identifier.Normalize(r.RecordKey)).ToHashSet(StringComparer.Ordinal));
    }
}
