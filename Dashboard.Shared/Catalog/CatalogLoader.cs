using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Catalog;

/// <summary>
/// Reads and validates <c>seeds/kpi-catalog.json</c>. A broken catalog must stop the app at start-up
/// with a message naming the file, the KPI and the field, rather than show wrong colours on the wall.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    public static KpiCatalog LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!System.IO.File.Exists(path))
            throw new CatalogException(name, null, null, $"không tìm thấy tệp tại '{path}'");
        return Parse(System.IO.File.ReadAllText(path), name);
    }

    public static KpiCatalog Parse(string json, string fileName)
    {
        CatalogDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<CatalogDto>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new CatalogException(fileName, null, ex.Path,
                $"JSON không đọc được (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        if (dto is null) throw new CatalogException(fileName, null, null, "tệp rỗng");
        return new Validator(fileName).Validate(dto);
    }

    private sealed class Validator(string file)
    {
        private CatalogException Fail(string? item, string? field, string reason) => new(file, item, field, reason);

        public KpiCatalog Validate(CatalogDto dto)
        {
            if (string.IsNullOrWhiteSpace(dto.Version)) throw Fail(null, "version", "thiếu phiên bản danh mục");
            var source = Text(dto.Source, null, "source");

            var agencies = new Dictionary<string, Agency>(StringComparer.Ordinal);
            foreach (var (a, i) in (dto.Agencies ?? []).Select((a, i) => (a, i)))
            {
                var code = Code(a.Code, $"agencies[{i}]");
                if (!agencies.TryAdd(code, new Agency(code, Text(a.Name, code, "name"))))
                    throw Fail(code, "code", "mã cơ quan bị trùng");
            }

            var sections = new Dictionary<string, PlanSection>(StringComparer.Ordinal);
            foreach (var (s, i) in (dto.Sections ?? []).Select((s, i) => (s, i)))
            {
                if (string.IsNullOrWhiteSpace(s.Code)) throw Fail($"sections[{i}]", "code", "thiếu mã mục");
                if (string.IsNullOrWhiteSpace(s.Area)) throw Fail(s.Code, "area", "thiếu lĩnh vực (area)");
                if (!sections.TryAdd(s.Code, new PlanSection(s.Code, s.Order, s.Area, Text(s.Name, s.Code, "name"))))
                    throw Fail(s.Code, "code", "mã mục bị trùng");
            }

            if (dto.Kpis is null || dto.Kpis.Count == 0) throw Fail(null, "kpis", "danh mục không có KPI nào");
            var kpis = new List<KpiDefinition>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (k, i) in dto.Kpis.Select((k, i) => (k, i)))
            {
                var code = Code(k.Code, $"kpis[{i}]");
                if (!seen.Add(code)) throw Fail(code, "code", "mã KPI bị trùng");
                kpis.Add(Kpi(k, code, agencies, sections));
            }
            return new KpiCatalog(dto.Version, source, agencies.Values.ToList(), sections.Values.ToList(), kpis,
                Tasks(dto, agencies, sections));
        }

        /// <summary>
        /// The plan's items with no number (optional). A task names a KPI section, or a section of its own in
        /// <c>taskSections</c> (a part of the plan that holds tasks only, so the overview and the briefing never show it empty).
        /// </summary>
        private List<PlanTask> Tasks(CatalogDto dto, Dictionary<string, Agency> agencies, Dictionary<string, PlanSection> sections)
        {
            var all = new Dictionary<string, PlanSection>(sections, StringComparer.Ordinal);
            foreach (var (s, i) in (dto.TaskSections ?? []).Select((s, i) => (s, i)))
            {
                if (string.IsNullOrWhiteSpace(s.Code)) throw Fail($"taskSections[{i}]", "code", "thiếu mã mục");
                if (!all.TryAdd(s.Code, new PlanSection(s.Code, s.Order, s.Area ?? "nhiem-vu", Text(s.Name, s.Code, "name"))))
                    throw Fail(s.Code, "code", "mã mục bị trùng (đã có trong sections hoặc taskSections)");
            }
            var tasks = new List<PlanTask>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (t, i) in (dto.Tasks ?? []).Select((t, i) => (t, i)))
            {
                var code = Code(t.Code, $"tasks[{i}]");
                if (!seen.Add(code)) throw Fail(code, "code", "mã nhiệm vụ bị trùng");
                if (t.Section is null || !all.TryGetValue(t.Section, out var section))
                    throw Fail(code, "section", $"mục kế hoạch '{t.Section}' không có trong sections hoặc taskSections");
                var text = Text(t.Text, code, "text");
                if (t.Owner is null || !agencies.TryGetValue(t.Owner, out var owner))
                    throw Fail(code, "owner", $"cơ quan chủ trì '{t.Owner}' không có trong danh sách agencies");
                if (!TaskDue.TryParse(t.Due, out var due))
                    throw Fail(code, "due", $"thời hạn '{t.Due}' không hợp lệ ('year': trong năm, trước 31/12; hoặc một ngày 'MM-DD', ví dụ '06-30')");
                tasks.Add(new PlanTask(code, section, text, owner, due));
            }
            return tasks;
        }

        private KpiDefinition Kpi(KpiDto k, string code, Dictionary<string, Agency> agencies,
            Dictionary<string, PlanSection> sections)
        {
            var name = Text(k.Name, code, "name");
            if (k.Section is null || !sections.TryGetValue(k.Section, out var section))
                throw Fail(code, "section", $"mục kế hoạch '{k.Section}' không có trong danh sách sections");
            var unit = Enum<KpiUnit>(k.Unit, code, "unit", "percent, count, score, vnd, band");
            var basis = Enum<KpiBasis>(k.Basis, code, "basis", "reading, records");

            Target? target = null;
            if (k.Target is not null)
            {
                var op = k.Target.Op?.ToLowerInvariant() switch
                {
                    "lt" => TargetOperator.Lt,
                    "le" => TargetOperator.Le,
                    "ge" => TargetOperator.Ge,
                    "gt" => TargetOperator.Gt,
                    _ => throw Fail(code, "target.op", $"toán tử '{k.Target.Op}' không hợp lệ (lt, le, ge, gt)"),
                };
                if (k.Target.Value is not { } value) throw Fail(code, "target.value", "thiếu giá trị chỉ tiêu");
                CheckRange(unit, value, code, "target.value");
                var perYear = k.Target.Per?.ToLowerInvariant() switch
                {
                    null => false,
                    "year" when unit == KpiUnit.Count => true,
                    "year" => throw Fail(code, "target.per", "chỉ tiêu theo năm (per: year) chỉ dùng cho KPI đếm số lượng (unit: count)"),
                    _ => throw Fail(code, "target.per", $"'{k.Target.Per}' không hợp lệ (chỉ có 'year')"),
                };
                var own = k.Target.Source?.ToLowerInvariant() switch
                {
                    null or "plan" => false,
                    "commune" => true,
                    _ => throw Fail(code, "target.source", $"'{k.Target.Source}' không hợp lệ ('plan': chỉ tiêu của kế hoạch, 'commune': chỉ tiêu xã tự đặt)"),
                };
                target = new Target(op, value, perYear, own);
            }

            if (k.Amber is { } amber)
            {
                if (target is null) throw Fail(code, "amber", "KPI chỉ theo dõi (không có chỉ tiêu) không được có ngưỡng cảnh báo");
                CheckRange(unit, amber, code, "amber");
                var wrongSide = target.HigherIsBetter ? amber > target.Value : amber < target.Value;
                if (wrongSide)
                    throw Fail(code, "amber", target.HigherIsBetter
                        ? "ngưỡng cảnh báo phải nhỏ hơn hoặc bằng chỉ tiêu"
                        : "ngưỡng cảnh báo phải lớn hơn hoặc bằng chỉ tiêu");
            }

            if (k.Owner is null || !agencies.TryGetValue(k.Owner, out var owner))
                throw Fail(code, "owner", $"cơ quan chủ trì '{k.Owner}' không có trong danh sách agencies");
            var coordinating = new List<Agency>();
            foreach (var c in k.Coordinating ?? [])
            {
                if (!agencies.TryGetValue(c, out var agency))
                    throw Fail(code, "coordinating", $"cơ quan phối hợp '{c}' không có trong danh sách agencies");
                coordinating.Add(agency);
            }
            if (string.IsNullOrWhiteSpace(k.Feed) || !KebabCase().IsMatch(k.Feed))
                throw Fail(code, "feed", $"mã nguồn dữ liệu '{k.Feed}' không hợp lệ");

            var window = k.Window is null ? WindowKind.YearToDate
                : KpiWindows.Parse(k.Window) ?? throw Fail(code, "window",
                    $"kỳ mặc định '{k.Window}' không hợp lệ ({string.Join(", ", KpiWindows.Codes)}): kỳ 9 tháng và 30 ngày không có kỳ lưu số liệu");
            return new KpiDefinition(code, name, section, unit, target, k.Amber, owner, coordinating, basis, k.Feed, window);
        }

        private void CheckRange(KpiUnit unit, decimal value, string code, string field)
        {
            if (value < 0) throw Fail(code, field, "giá trị không được âm");
            if (unit == KpiUnit.Percent && value > 100) throw Fail(code, field, "tỷ lệ phần trăm không được vượt quá 100");
            if (unit == KpiUnit.Band && value > 5) throw Fail(code, field, "nhóm xếp hạng nằm trong khoảng 1–5");
        }

        private string Code(string? code, string item)
        {
            if (string.IsNullOrWhiteSpace(code)) throw Fail(item, "code", "thiếu mã");
            if (!KebabCase().IsMatch(code)) throw Fail(code, "code", "mã chỉ gồm chữ thường không dấu, số và dấu gạch nối");
            return code;
        }

        private LocalizedText Text(LocalizedTextDto? text, string? item, string field)
        {
            if (string.IsNullOrWhiteSpace(text?.Vi)) throw Fail(item, $"{field}.vi", "thiếu tên tiếng Việt");
            if (string.IsNullOrWhiteSpace(text.En)) throw Fail(item, $"{field}.en", "thiếu tên tiếng Anh");
            return new LocalizedText(text.Vi.Trim(), text.En.Trim());
        }

        private T Enum<T>(string? value, string item, string field, string allowed) where T : struct, Enum =>
            value is not null && !int.TryParse(value, CultureInfo.InvariantCulture, out _) &&
            System.Enum.TryParse<T>(value, ignoreCase: true, out var result)
                ? result
                : throw Fail(item, field, $"giá trị '{value}' không hợp lệ ({allowed})");
    }

    private sealed record CatalogDto(string? Version, LocalizedTextDto? Source, List<AgencyDto>? Agencies,
        List<SectionDto>? Sections, List<KpiDto>? Kpis, List<SectionDto>? TaskSections = null, List<TaskDto>? Tasks = null);
    private sealed record LocalizedTextDto(string? Vi, string? En);
    private sealed record TaskDto(string? Code, string? Section, LocalizedTextDto? Text, string? Owner, string? Due);
    private sealed record AgencyDto(string? Code, LocalizedTextDto? Name);
    private sealed record SectionDto(string? Code, int Order, string? Area, LocalizedTextDto? Name);
    private sealed record TargetDto(string? Op, decimal? Value, string? Per, string? Source);
    private sealed record KpiDto(string? Code, LocalizedTextDto? Name, string? Section, string? Unit, TargetDto? Target,
        decimal? Amber, string? Owner, List<string>? Coordinating, string? Basis, string? Feed, string? Window);
}
