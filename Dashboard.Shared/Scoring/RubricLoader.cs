using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;

namespace Dashboard.Shared.Scoring;

/// <summary>Reads a rubric file; a bad one is rejected with a message naming the file, the criterion and the field.</summary>
public static partial class RubricLoader
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// A rubric's code names it in addresses (<c>/export/scores/{code}.xlsx</c>), file names and the database, a band's in
    /// forms and the database: lower-case kebab-case only (<c>quang-nam-xa-2026</c>), so no code can be a path or markup.
    /// </summary>
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    /// <summary>Group and criterion codes as rubrics write them (<c>TTHC-1</c>, <c>2.1</c>): letters and digits joined by '-' or '.'.</summary>
    [GeneratedRegex("^[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*$")]
    private static partial Regex ItemCode();

    private const int MaxCode = 64;
    private const int MaxBandCode = 32;

    /// <summary>A bad code echoed in a message: at most 60 characters.</summary>
    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "…";

    public static Rubric LoadFile(string path, Func<string, bool>? knownKpi = null)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new CatalogException(name, null, null, $"không tìm thấy tệp tại '{path}'");
        return Parse(File.ReadAllText(path), name, knownKpi);
    }

    /// <param name="knownKpi">When given, a criterion naming a KPI the catalog lacks is rejected.</param>
    public static Rubric Parse(string json, string file, Func<string, bool>? knownKpi = null)
    {
        RubricDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<RubricDto>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new CatalogException(file, null, ex.Path, $"JSON không đọc được (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        if (dto is null) throw new CatalogException(file, null, null, "tệp rỗng");
        CatalogException Fail(string? item, string? field, string reason) => new(file, item, field, reason);

        if (string.IsNullOrWhiteSpace(dto.Code)) throw Fail(null, "code", "thiếu mã bộ tiêu chí");
        if (dto.Code.Length > MaxCode || !KebabCase().IsMatch(dto.Code))
            throw Fail(Short(dto.Code), "code",
                $"mã bộ tiêu chí phải viết dạng kebab-case: chữ thường không dấu a–z, số 0–9, nối bằng một dấu '-' (ví dụ quang-nam-xa-2026), tối đa {MaxCode} ký tự");
        if (dto.Year is < 2000 or > 2100) throw Fail(dto.Code, "year", $"năm {dto.Year} không hợp lệ");
        var issuer = Text(dto.Issuer, dto.Code, "issuer");
        var name = Text(dto.Name, dto.Code, "name");
        if (dto.MaxPoints <= 0) throw Fail(dto.Code, "maxPoints", "tổng điểm phải lớn hơn 0");

        var bands = new List<Band>();
        decimal? previous = null;
        foreach (var b in dto.Bands ?? [])
        {
            if (string.IsNullOrWhiteSpace(b.Code)) throw Fail(dto.Code, "bands.code", "thiếu mã xếp loại");
            if (b.Code.Length > MaxBandCode || !KebabCase().IsMatch(b.Code))
                throw Fail(Short(b.Code), "bands.code",
                    $"mã xếp loại phải viết dạng kebab-case: chữ thường không dấu a–z, số 0–9, nối bằng một dấu '-' (ví dụ xuat-sac), tối đa {MaxBandCode} ký tự");
            if (previous is { } p && b.Min >= p) throw Fail(b.Code, "min", "các mức xếp loại phải xếp từ cao xuống thấp");
            bands.Add(new Band(b.Code, b.Min, Text(b.Name, b.Code, "name")));
            previous = b.Min;
        }
        if (bands.Count == 0 || bands[^1].Min != 0) throw Fail(dto.Code, "bands", "mức xếp loại thấp nhất phải bắt đầu từ 0 điểm");

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<CriterionGroup>();
        foreach (var g in dto.Groups ?? [])
        {
            if (string.IsNullOrWhiteSpace(g.Code) || !codes.Add(g.Code)) throw Fail(g.Code, "code", "mã nhóm trống hoặc bị trùng");
            if (g.Code.Length > MaxCode || !ItemCode().IsMatch(g.Code))
                throw Fail(Short(g.Code), "groups.code", $"mã nhóm chỉ gồm chữ không dấu và số, nối bằng '-' hoặc '.' (ví dụ TTHC), tối đa {MaxCode} ký tự");
            var criteria = new List<Criterion>();
            foreach (var c in g.Criteria ?? [])
            {
                if (string.IsNullOrWhiteSpace(c.Code) || !codes.Add(c.Code)) throw Fail(c.Code, "code", "mã tiêu chí trống hoặc bị trùng");
                if (c.Code.Length > MaxCode || !ItemCode().IsMatch(c.Code))
                    throw Fail(Short(c.Code), "criteria.code",
                        $"mã tiêu chí chỉ gồm chữ không dấu và số, nối bằng '-' hoặc '.' (ví dụ TTHC-1), tối đa {MaxCode} ký tự");
                if (!Enum.TryParse<CriterionScope>(c.Scope, true, out var scope))
                    throw Fail(c.Code, "scope", $"phạm vi '{c.Scope}' không hợp lệ (province, commune)");
                if (c.MaxPoints < 0) throw Fail(c.Code, "maxPoints", "điểm tối đa không được âm");
                var rule = Rule(c, Fail);
                if (rule.Type == RuleType.Tracked && c.MaxPoints != 0) throw Fail(c.Code, "maxPoints", "tiêu chí chỉ theo dõi có điểm tối đa 0");
                if (c.Kpi is not null && c.Measure is not null) throw Fail(c.Code, "measure", "chỉ ghi một trong hai: kpi hoặc measure");
                if (c.Kpi is not null && knownKpi is not null && !knownKpi(c.Kpi))
                    throw Fail(c.Code, "kpi", $"chỉ số '{c.Kpi}' không có trong danh mục chỉ số");
                if (c.Measure is not null && Measures.Find(c.Measure) is null)
                    throw Fail(c.Code, "measure", $"phép đo '{c.Measure}' không có ({string.Join(", ", Measures.All.Select(m => m.Code))})");
                var spread = c.WhenNoData?.ToLowerInvariant() switch
                {
                    null or "none" => false,
                    "spread" => true,
                    _ => throw Fail(c.Code, "whenNoData", $"'{c.WhenNoData}' không hợp lệ (none, spread)"),
                };
                criteria.Add(new Criterion(c.Code, Text(c.Name, c.Code, "name"), scope, c.MaxPoints, rule, c.Kpi, c.Measure, spread));
            }
            var sum = criteria.Sum(c => c.MaxPoints);
            if (sum != g.MaxPoints)
                throw Fail(g.Code, "maxPoints", $"tổng điểm các tiêu chí ({sum}) khác điểm của nhóm ({g.MaxPoints})");
            groups.Add(new CriterionGroup(g.Code, Text(g.Name, g.Code, "name"), g.MaxPoints, criteria));
        }
        var total = groups.Sum(g => g.MaxPoints);
        if (total != dto.MaxPoints) throw Fail(dto.Code, "maxPoints", $"tổng điểm các nhóm ({total}) khác tổng điểm ({dto.MaxPoints})");
        return new Rubric(dto.Code, dto.Year, dto.Example, issuer, name, dto.Note is null ? null : Text(dto.Note, dto.Code, "note"),
            dto.MaxPoints, bands, groups);

        LocalizedText Text(TextDto? t, string? item, string field) =>
            string.IsNullOrWhiteSpace(t?.Vi) || string.IsNullOrWhiteSpace(t.En)
                ? throw Fail(item, field, "thiếu tên tiếng Việt hoặc tiếng Anh")
                : new LocalizedText(t.Vi, t.En);
    }

    private static ScoringRule Rule(CriterionDto c, Func<string?, string?, string, CatalogException> fail)
    {
        var r = c.Rule ?? throw fail(c.Code, "rule", "thiếu quy tắc tính điểm");
        var type = r.Type?.ToLowerInvariant() switch
        {
            "rate" => RuleType.Rate,
            "full-at" => RuleType.FullAt,
            "between" => RuleType.Between,
            "at-most" => RuleType.AtMost,
            "tracked" => RuleType.Tracked,
            _ => throw fail(c.Code, "rule.type", $"quy tắc '{r.Type}' không hợp lệ (rate, full-at, between, at-most, tracked)"),
        };
        if (type == RuleType.AtMost && r.Threshold is not (>= 0))
            throw fail(c.Code, "rule.threshold", "quy tắc at-most cần ngưỡng (threshold) không âm");
        if (type == RuleType.FullAt && r.Threshold is not (> 0 and <= 100))
            throw fail(c.Code, "rule.threshold", "ngưỡng đạt điểm tối đa phải trong khoảng (0, 100]");
        if (type == RuleType.Between && (r.Floor is not { } floor || r.Target is not { } target || floor < 0 || target > 100 || floor >= target))
            throw fail(c.Code, "rule.floor", "cần floor < target, trong khoảng 0–100");
        if (r.Strict && type is RuleType.Rate or RuleType.Tracked)
            throw fail(c.Code, "rule.strict", "strict chỉ dùng cho full-at, between, at-most (quy tắc có ngưỡng)");
        return new ScoringRule(type, r.Threshold, r.Floor, r.Target, r.Strict);
    }

    private sealed record TextDto(string? Vi, string? En);
    private sealed record RuleDto(string? Type, decimal? Threshold, decimal? Floor, decimal? Target, bool Strict = false);
    private sealed record CriterionDto(string? Code, TextDto? Name, string? Scope, decimal MaxPoints, RuleDto? Rule, string? Kpi, string? Measure,
        string? WhenNoData);
    private sealed record GroupDto(string? Code, TextDto? Name, decimal MaxPoints, List<CriterionDto>? Criteria);
    private sealed record BandDto(string? Code, decimal Min, TextDto? Name);
    private sealed record RubricDto(string? Code, int Year, bool Example, TextDto? Issuer, TextDto? Name, TextDto? Note,
        decimal MaxPoints, List<BandDto>? Bands, List<GroupDto>? Groups);
}
