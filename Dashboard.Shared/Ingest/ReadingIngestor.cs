using System.Text.RegularExpressions;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Shared.Telemetry;
using Dashboard.Shared.Time;
using Microsoft.Extensions.Options;

namespace Dashboard.Shared.Ingest;

/// <summary>A rejected field: <c>Field</c> is a path such as <c>readings[2].value</c>; <c>Index</c> the reading it belongs to.</summary>
public sealed record FieldError(string Field, string Message, int? Index = null)
{
    /// <summary>The field's own name (<c>value</c> for <c>readings[2].value</c>).</summary>
    public string Name => Field.Contains('.') ? Field[(Field.LastIndexOf('.') + 1)..] : Field;
}

public sealed record IngestResult(IReadOnlyList<FieldError> Errors, int Accepted, int Changed)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The one way figures enter the store: validate the whole batch, store it in one transaction,
/// then let the engine recompute and publish. A batch with any bad field stores nothing. Periods must fall within the
/// configured dates and values within the plausible bound of their KPI's unit (<see cref="IngestLimits"/>).
/// </summary>
public sealed partial class ReadingIngestor(KpiCatalog catalog, UnitDirectory units, ReadingStore store, KpiEngine engine,
    DashboardMetrics metrics, IOptions<IngestLimits>? limits = null)
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SourcePattern();

    private readonly IngestLimits _limits = limits?.Value ?? new();

    public async Task<IngestResult> IngestAsync(IReadOnlyList<ReadingInput> readings, bool external, CancellationToken ct = default)
    {
        var errors = Validate(readings, external);
        if (errors.Count > 0) return new IngestResult(errors, 0, 0);
        var changes = await store.UpsertAsync(readings, ct);
        metrics.ReadingsIngested(readings.Count);
        await engine.ApplyAsync(changes, ct);
        return new IngestResult([], readings.Count, changes.Count);
    }

    /// <summary>
    /// For feeds: stores the readings that pass and returns the ones that don't, by index, so one bad row
    /// never holds back the good rows of the same delivery.
    /// </summary>
    public async Task<IngestResult> IngestValidAsync(IReadOnlyList<ReadingInput> readings, bool external, CancellationToken ct = default)
    {
        var errors = readings.Count == 0 ? [] : Validate(readings, external);
        var bad = errors.Where(e => e.Index is not null).Select(e => e.Index!.Value).ToHashSet();
        var good = readings.Where((_, i) => !bad.Contains(i)).ToList();
        var changes = await store.UpsertAsync(good, ct);
        metrics.ReadingsIngested(good.Count);
        await engine.ApplyAsync(changes, ct);
        return new IngestResult(errors, good.Count, changes.Count);
    }

    /// <param name="external">True for figures from outside (the API): they may not target record-based KPIs or use reserved sources.</param>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<ReadingInput> readings, bool external)
    {
        var errors = new List<FieldError>();
        if (readings.Count == 0) errors.Add(new("readings", "Không có số liệu nào trong yêu cầu."));
        var seen = new Dictionary<(string, string, string, string), int>();
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            if (string.IsNullOrWhiteSpace(r.UnitCode)) errors.Add(new($"{At(i)}.unit", "Thiếu mã đơn vị.", i));
            else if (!units.Contains(r.UnitCode)) errors.Add(new($"{At(i)}.unit", $"Đơn vị '{TextExcerpt.Of(r.UnitCode)}' không có trong danh mục đơn vị.", i));

            var kpi = string.IsNullOrWhiteSpace(r.KpiCode) ? null : catalog.Find(r.KpiCode);
            if (string.IsNullOrWhiteSpace(r.KpiCode)) errors.Add(new($"{At(i)}.kpi", "Thiếu mã KPI.", i));
            else if (kpi is null) errors.Add(new($"{At(i)}.kpi", $"KPI '{TextExcerpt.Of(r.KpiCode)}' không có trong danh mục KPI.", i));
            else if (external && kpi.Basis == KpiBasis.Records)
                errors.Add(new($"{At(i)}.kpi", $"KPI '{r.KpiCode}' được tính từ hồ sơ nguồn, không nhận số liệu nhập trực tiếp.", i));

            if (!ReportingPeriod.TryParse(r.Period, out var period, out var periodError))
                errors.Add(new($"{At(i)}.period", periodError!, i));
            else if (!_limits.Contains(period.Start) || !_limits.Contains(period.End.AddDays(-1)))
                errors.Add(new($"{At(i)}.period", $"Kỳ báo cáo '{r.Period}' nằm ngoài khoảng cho phép ({_limits.DateRangeText}).", i));

            if (string.IsNullOrWhiteSpace(r.Source) || !SourcePattern().IsMatch(r.Source))
                errors.Add(new($"{At(i)}.source", $"Mã nguồn '{TextExcerpt.Of(r.Source)}' không hợp lệ (chữ thường không dấu, số, dấu gạch nối).", i));
            else if (external && r.Source == Sources.Simulator)
                errors.Add(new($"{At(i)}.source", $"Nguồn '{Sources.Simulator}' dành riêng cho dữ liệu mẫu.", i));

            if (ValueProblem(kpi, r.Value) is { } valueError) errors.Add(new($"{At(i)}.value", valueError, i));

            var key = (r.UnitCode, r.KpiCode, r.Period, r.Source);
            if (seen.TryGetValue(key, out var first))
                errors.Add(new(At(i), $"Trùng với readings[{first}]: cùng đơn vị, KPI, kỳ và nguồn trong một yêu cầu.", i));
            else seen[key] = i;
        }
        return errors;
    }

    /// <summary>
    /// A value must be plausible for its KPI's unit: a count of 7.9 × 10^28 is a fault in the sender, and once stored it
    /// overflows the arithmetic of every page that shows it.
    /// </summary>
    private string? ValueProblem(KpiDefinition? kpi, decimal value)
    {
        if (value < 0) return "Giá trị không được âm.";
        if (kpi is null) return value > _limits.MaxVnd ? $"Giá trị {NumberText.Format(value)} vượt mức tối đa hợp lý {NumberText.Format(_limits.MaxVnd)}." : null;
        var max = _limits.MaxFor(kpi.Unit);
        return kpi.Unit switch
        {
            KpiUnit.Percent when value > max => "Tỷ lệ phần trăm không được vượt quá 100.",
            KpiUnit.Band when value < 1 || value > max || value != decimal.Truncate(value) => "Nhóm xếp hạng là số nguyên từ 1 (yếu) đến 5 (xuất sắc).",
            KpiUnit.Count when value != decimal.Truncate(value) => "Số lượng phải là số nguyên.",
            KpiUnit.Count when value > max => $"Số lượng {NumberText.Format(value)} vượt mức tối đa hợp lý {NumberText.Format(max)}.",
            KpiUnit.Score when value > max => $"Điểm {NumberText.Format(value)} vượt mức tối đa hợp lý {NumberText.Format(max)}.",
            KpiUnit.Vnd when value > max => $"Số tiền {NumberText.Format(value)} đồng vượt mức tối đa hợp lý {NumberText.Format(max)} đồng.",
            _ => null,
        };
    }

    // Built only for a reading that has an error: most batches have none, and a string per reading adds up.
    private static string At(int i) => $"readings[{i}]";
}
