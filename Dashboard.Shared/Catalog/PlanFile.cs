using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Shared.Engine;

namespace Dashboard.Shared.Catalog;

/// <summary>
/// One KPI in a year's plan. <paramref name="Op"/> and <paramref name="Target"/> are both null for a KPI tracked without a
/// target. Whether a count's target is for the whole year, and whether the commune set it itself, belong to the measure
/// and come from the shipped catalog, not from the plan.
/// </summary>
public sealed record PlanKpi(string Code, bool Included, string Section, TargetOperator? Op, decimal? Target, decimal? Amber,
    string Owner, IReadOnlyList<string> Coordinating);

/// <summary>
/// A year's plan over the KPIs the engine knows (the shipped catalog): which it holds, in which section, with which target,
/// amber threshold and agencies. The same shape is stored, exported and imported, so a file that imports is one that could
/// have been exported. Names, units, feeds and how a KPI is measured stay those of the catalog.
/// </summary>
public sealed record PlanFile(int Year, IReadOnlyList<PlanKpi> Kpis)
{
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    // Vietnamese stays readable in an exported file (an administrator may open it in a text editor).
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A catalog as a plan for <paramref name="year"/>: every known KPI, those the catalog lacks marked not included.</summary>
    public static PlanFile Of(KpiCatalog plan, KpiCatalog known, int year) =>
        new(year, known.Kpis.Select(k => plan.Find(k.Code) is { } p
            ? new PlanKpi(k.Code, true, p.Section.Code, p.Target?.Op, p.Target?.Value, p.Amber, p.Owner.Code, p.Coordinating.Select(a => a.Code).ToList())
            : new PlanKpi(k.Code, false, k.Section.Code, k.Target?.Op, k.Target?.Value, k.Amber, k.Owner.Code, k.Coordinating.Select(a => a.Code).ToList()))
            .ToList());

    public string ToJson() => JsonSerializer.Serialize(new PlanDto(Year, Kpis.Select(k => new PlanKpiDto(k.Code, k.Included, k.Section,
        k.Op is { } op ? new TargetDto(op.ToString().ToLowerInvariant(), k.Target) : null, k.Amber, k.Owner, k.Coordinating.ToList())).ToList()),
        WriteOptions);

    /// <summary>
    /// Reads and validates a plan file against the KPIs the engine knows. A bad file is refused whole, with a message naming
    /// the file, the KPI and the field (the catalog's own style); a KPI the file does not list is not in the plan.
    /// </summary>
    public static PlanFile Parse(string json, string fileName, KpiCatalog known)
    {
        PlanDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<PlanDto>(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new CatalogException(fileName, null, ex.Path, $"JSON không đọc được (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        if (dto is null) throw new CatalogException(fileName, null, null, "tệp rỗng");
        return new Validator(fileName, known).Validate(dto);
    }

    /// <summary>The plan as a catalog the engine and the pages judge with: the known KPIs it includes, with its targets and owners.</summary>
    public KpiCatalog Apply(KpiCatalog known)
    {
        var kpis = new List<KpiDefinition>();
        foreach (var k in known.Kpis)
        {
            if (Kpis.FirstOrDefault(p => p.Code == k.Code) is not { Included: true } p) continue;
            var target = p.Op is { } op && p.Target is { } value
                ? new Target(op, value, k.Target?.PerYear ?? false, k.Target?.CommuneOwn ?? false)
                : null;
            kpis.Add(k with
            {
                Section = known.Sections.First(s => s.Code == p.Section),
                Target = target,
                Amber = target is null ? null : p.Amber,
                Owner = known.FindAgency(p.Owner)!,
                Coordinating = p.Coordinating.Select(c => known.FindAgency(c)!).ToList(),
            });
        }
        return new KpiCatalog($"{known.Version}+{Year}", NameFor(known, Year), known.Agencies, known.Sections, kpis, known.Tasks);
    }

    /// <summary>The plan's title: the shipped one with its year replaced ("… năm 2023" becomes "… năm 2026").</summary>
    public static LocalizedText NameFor(KpiCatalog known, int year) =>
        PlanBook.YearOf(known) is { } shipped
            ? new LocalizedText(known.Source.Vi.Replace(Year4(shipped), Year4(year), StringComparison.Ordinal),
                known.Source.En.Replace(Year4(shipped), Year4(year), StringComparison.Ordinal))
            : known.Source;

    private static string Year4(int year) => year.ToString("0000", CultureInfo.InvariantCulture);

    private sealed class Validator(string file, KpiCatalog known)
    {
        private CatalogException Fail(string? item, string? field, string reason) => new(file, item, field, reason);

        public PlanFile Validate(PlanDto dto)
        {
            if (dto.Year is not (>= 2000 and <= 2100)) throw Fail(null, "year", $"năm kế hoạch '{dto.Year}' không hợp lệ (2000–2100)");
            if (dto.Kpis is null || dto.Kpis.Count == 0) throw Fail(null, "kpis", "kế hoạch không có KPI nào");
            var kpis = new List<PlanKpi>();
            foreach (var (k, i) in dto.Kpis.Select((k, i) => (k, i)))
            {
                if (string.IsNullOrWhiteSpace(k.Code)) throw Fail($"kpis[{i}]", "code", "thiếu mã KPI");
                if (known.Find(k.Code) is not { } kpi)
                    throw Fail(k.Code, "code", "phần mềm không đo được KPI này (chỉ chọn trong các KPI của danh mục)");
                if (kpis.Any(p => p.Code == k.Code)) throw Fail(k.Code, "code", "mã KPI bị trùng");
                kpis.Add(Kpi(k, kpi));
            }
            if (!kpis.Any(k => k.Included)) throw Fail(null, "kpis", "kế hoạch phải có ít nhất một KPI (included: true)");
            return new PlanFile(dto.Year.Value, kpis);
        }

        private PlanKpi Kpi(PlanKpiDto k, KpiDefinition kpi)
        {
            var code = kpi.Code;
            if (k.Section is null || known.Sections.All(s => s.Code != k.Section))
                throw Fail(code, "section", $"mục kế hoạch '{k.Section}' không có trong danh mục ({string.Join(", ", known.Sections.Select(s => s.Code))})");
            TargetOperator? op = null;
            decimal? value = null;
            if (k.Target is not null)
            {
                op = k.Target.Op?.ToLowerInvariant() switch
                {
                    "lt" => TargetOperator.Lt,
                    "le" => TargetOperator.Le,
                    "ge" => TargetOperator.Ge,
                    "gt" => TargetOperator.Gt,
                    _ => throw Fail(code, "target.op", $"toán tử '{k.Target.Op}' không hợp lệ (lt, le, ge, gt)"),
                };
                value = k.Target.Value ?? throw Fail(code, "target.value", "thiếu giá trị chỉ tiêu");
                CheckRange(kpi.Unit, value.Value, code, "target.value");
            }
            if (k.Amber is { } amber)
            {
                if (op is not { } o) throw Fail(code, "amber", "KPI chỉ theo dõi (không có chỉ tiêu) không được có ngưỡng cảnh báo");
                CheckRange(kpi.Unit, amber, code, "amber");
                var higherIsBetter = o is TargetOperator.Ge or TargetOperator.Gt;
                if (higherIsBetter ? amber > value : amber < value)
                    throw Fail(code, "amber", higherIsBetter
                        ? "ngưỡng cảnh báo phải nhỏ hơn hoặc bằng chỉ tiêu"
                        : "ngưỡng cảnh báo phải lớn hơn hoặc bằng chỉ tiêu");
            }
            if (k.Owner is null || known.FindAgency(k.Owner) is null)
                throw Fail(code, "owner", $"cơ quan chủ trì '{k.Owner}' không có trong danh sách agencies");
            foreach (var c in k.Coordinating ?? [])
                if (known.FindAgency(c) is null)
                    throw Fail(code, "coordinating", $"cơ quan phối hợp '{c}' không có trong danh sách agencies");
            return new PlanKpi(code, k.Included ?? true, k.Section, op, value, k.Amber, k.Owner, (k.Coordinating ?? []).Distinct().ToList());
        }

        private void CheckRange(KpiUnit unit, decimal value, string code, string field)
        {
            if (value < 0) throw Fail(code, field, "giá trị không được âm");
            if (unit == KpiUnit.Percent && value > 100) throw Fail(code, field, "tỷ lệ phần trăm không được vượt quá 100");
            if (unit == KpiUnit.Band && value > 5) throw Fail(code, field, "nhóm xếp hạng nằm trong khoảng 1–5");
        }
    }

    private sealed record PlanDto(int? Year, List<PlanKpiDto>? Kpis);
    private sealed record TargetDto(string? Op, decimal? Value);
    private sealed record PlanKpiDto(string? Code, bool? Included, string? Section, TargetDto? Target, decimal? Amber, string? Owner,
        List<string>? Coordinating);
}
