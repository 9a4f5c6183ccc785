using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Files;

namespace Dashboard.Jobs.Feeds.Records;

/// <summary>The unit a file writes its amounts in; the store always holds đồng.</summary>
public enum AmountUnit { Dong, NghinDong, TrieuDong }

/// <summary>How a date column written as text orders day and month: Vietnamese 31/12/2026, or 12/31/2026 as an export
/// made on a computer set to English writes it. Date cells and ISO dates are unambiguous and read alike either way.</summary>
public enum DateOrder { DayFirst, MonthFirst }

/// <summary>
/// Which column of an export holds which field of a record kind, and the unit of its amounts. One-stop packages and
/// provincial systems each name their columns their own way ("Ngày tiếp nhận", "Ngày hẹn trả"); staff map them once,
/// the mapping is kept in the feed's settings, and the next file whose header names the same columns needs nothing.
/// </summary>
/// <param name="Columns">Each file column (its header as written) and the field it holds; "" when it is left out.</param>
/// <param name="Units">The unit of each amount field written in something other than đồng.</param>
/// <param name="Dates">The date fields written month first; the others are day first.</param>
public sealed record ColumnMapping(IReadOnlyDictionary<string, string> Columns, IReadOnlyDictionary<string, AmountUnit> Units,
    IReadOnlyDictionary<string, DateOrder>? Dates = null)
{
    /// <summary>The key under which a feed's settings keep a mapping per record kind.</summary>
    public const string SettingsKey = "Mappings";

    public static readonly IReadOnlyDictionary<AmountUnit, string> UnitCodes = new Dictionary<AmountUnit, string>
    {
        [AmountUnit.Dong] = "dong", [AmountUnit.NghinDong] = "nghin-dong", [AmountUnit.TrieuDong] = "trieu-dong",
    };

    public static readonly IReadOnlyDictionary<DateOrder, string> DateOrderCodes = new Dictionary<DateOrder, string>
    {
        [DateOrder.DayFirst] = "ngay-thang-nam", [DateOrder.MonthFirst] = "thang-ngay-nam",
    };

    public static decimal Factor(AmountUnit unit) => unit switch
    {
        AmountUnit.NghinDong => 1_000m,
        AmountUnit.TrieuDong => 1_000_000m,
        _ => 1m,
    };

    /// <summary>
    /// What exports call each field, besides the field's own name. Vietnamese as the one-stop packages and the
    /// provincial systems write them; several kinds share a field name and mean the same thing by it.
    /// </summary>
    private static readonly Dictionary<string, string[]> Aliases = new()
    {
        [RecordKinds.UnitColumn] = ["Mã đơn vị", "Đơn vị", "Mã xã", "Mã ĐVHC"],
        ["ma_ho_so"] = ["Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ", "Số biên nhận"],
        ["ma_thu_tuc"] = ["Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"],
        ["ngay_nhan"] = ["Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "Ngày nhận phản ánh"],
        ["han_tra"] = ["Ngày hẹn trả", "Hẹn trả", "Ngày hẹn trả kết quả", "Hạn trả"],
        ["ngay_tra"] = ["Ngày trả kết quả", "Ngày trả", "Ngày có kết quả", "Ngày hoàn thành"],
        ["kenh"] = ["Hình thức nộp", "Kênh nộp", "Kênh tiếp nhận", "Hình thức tiếp nhận"],
        ["thu_xin_loi"] = ["Thư xin lỗi", "Có thư xin lỗi", "Văn bản xin lỗi"],
        ["so_hoa_ket_qua"] = ["Số hóa kết quả", "Đã số hóa kết quả", "Số hoá kết quả"],
        ["thanh_toan_truc_tuyen"] = ["Thanh toán trực tuyến", "Thanh toán online"],
        ["co_quan"] = ["Cơ quan xử lý", "Cơ quan", "Bộ phận xử lý", "Cán bộ xử lý", "Đơn vị xử lý"],
        ["ten_thu_tuc"] = ["Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"],
        ["niem_yet_cong"] = ["Niêm yết công khai", "Niêm yết trên cổng"],
        ["niem_yet_mot_cua"] = ["Niêm yết tại bộ phận một cửa", "Niêm yết một cửa"],
        ["tiep_nhan_mot_cua"] = ["Tiếp nhận tại một cửa", "Tiếp nhận một cửa"],
        ["trong_phan_mem"] = ["Có trên phần mềm", "Trong phần mềm"],
        ["quy_trinh_noi_bo"] = ["Có quy trình nội bộ", "Quy trình nội bộ"],
        ["du_dieu_kien_toan_trinh"] = ["Đủ điều kiện toàn trình", "Đủ điều kiện trực tuyến toàn trình"],
        ["co_phi"] = ["Có phí", "Có phí, lệ phí", "Phí, lệ phí"],
        ["ma_phan_anh"] = ["Mã phản ánh", "Số phản ánh", "Mã PAKN"],
        ["han_xu_ly"] = ["Hạn xử lý", "Ngày hẹn xử lý"],
        ["ngay_xu_ly"] = ["Ngày xử lý", "Ngày trả lời"],
        ["muc_hai_long"] = ["Mức hài lòng", "Tỷ lệ hài lòng"],
        ["ma_bao_cao"] = ["Mã báo cáo", "Số báo cáo"],
        ["ten_bao_cao"] = ["Tên báo cáo"],
        ["ky_bao_cao"] = ["Kỳ báo cáo", "Kỳ"],
        ["han_nop"] = ["Hạn nộp", "Hạn gửi"],
        ["ngay_nop"] = ["Ngày nộp", "Ngày gửi"],
        ["ma_nhiem_vu"] = ["Mã nhiệm vụ", "Số nhiệm vụ"],
        ["noi_dung"] = ["Nội dung", "Nội dung nhiệm vụ"],
        ["ngay_giao"] = ["Ngày giao"],
        ["han_hoan_thanh"] = ["Hạn hoàn thành", "Thời hạn"],
        ["ngay_hoan_thanh"] = ["Ngày hoàn thành thực tế"],
        ["so_van_ban"] = ["Số văn bản", "Số, ký hiệu", "Số ký hiệu"],
        ["chieu"] = ["Chiều", "Loại văn bản (đi/đến)", "Đi/đến"],
        ["dien_tu"] = ["Văn bản điện tử", "Điện tử"],
        ["mat"] = ["Văn bản mật", "Mật"],
        ["ngay"] = ["Ngày", "Ngày văn bản", "Ngày báo cáo"],
        ["ma_du_an"] = ["Mã dự án", "Mã số dự án"],
        ["ten_du_an"] = ["Tên dự án"],
        ["ke_hoach_von"] = ["Kế hoạch vốn", "Kế hoạch vốn giao"],
        ["da_giai_ngan"] = ["Đã giải ngân", "Giá trị giải ngân", "Lũy kế giải ngân"],
    };

    /// <summary>The Vietnamese name of a field as exports write it, for the mapping form.</summary>
    public static string Label(string field) => Aliases.TryGetValue(field, out var names) ? names[0] : field;

    /// <summary>The fields a file of the kind may carry: the unit column, then the kind's own.</summary>
    public static IEnumerable<string> Fields(RecordKind kind) => [RecordKinds.UnitColumn, .. kind.Fields.Select(f => f.Name)];

    /// <summary>A header cell, or a field's name or alias, reduced to what a match compares: no case, marks, spaces or punctuation.</summary>
    public static string Key(string text) => TabularHeader.LooseKey(text);

    /// <summary>The field of the kind a header cell names (by its own name or an alias), or null.</summary>
    public static string? FieldFor(RecordKind kind, string header)
    {
        var key = Key(header);
        if (key.Length == 0) return null;
        foreach (var field in Fields(kind))
            if (Key(field) == key || (Aliases.TryGetValue(field, out var names) && names.Any(n => Key(n) == key))) return field;
        return null;
    }

    /// <summary>
    /// The mapping a header suggests: each column whose name is a field's name or alias holds that field (the first such
    /// column, when two name the same field); the rest are left out. Amounts are in đồng.
    /// </summary>
    public static ColumnMapping Recognise(RecordKind kind, IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (string.IsNullOrWhiteSpace(name) || columns.ContainsKey(name)) continue;
            var field = FieldFor(kind, name);
            columns[name] = field is not null && taken.Add(field) ? field : "";
        }
        return new(columns, new Dictionary<string, AmountUnit>());
    }

    /// <summary>
    /// Whether a row is the header of an export of the kind: at least two cells name a field (by alias, or as a
    /// column of <paramref name="saved"/>) and they are most of the row's cells. A merged title row ("BÁO CÁO TÌNH HÌNH
    /// GIẢI QUYẾT HỒ SƠ…") names none.
    /// </summary>
    public static bool LooksLikeHeader(RecordKind kind, IReadOnlyList<string> cells, ColumnMapping? saved = null)
    {
        int filled = 0, known = 0;
        foreach (var cell in cells)
        {
            if (string.IsNullOrWhiteSpace(cell)) continue;
            filled++;
            if (FieldFor(kind, cell) is not null || saved?.FieldOf(cell) is { Length: > 0 }) known++;
        }
        return known >= 2 && known * 2 > filled;
    }

    /// <summary>The field the column with this header holds in this mapping: null when the mapping does not know the column.</summary>
    public string? FieldOf(string header)
    {
        var key = Key(header);
        foreach (var (column, field) in Columns)
            if (Key(column) == key) return field;
        return null;
    }

    /// <summary>Whether this (saved) mapping fits a header: it knows every named column, whatever their order.</summary>
    public bool Matches(IReadOnlyList<string> header)
    {
        var named = header.Where(h => !string.IsNullOrWhiteSpace(h)).Select(Key).ToHashSet(StringComparer.Ordinal);
        var known = Columns.Keys.Select(Key).ToHashSet(StringComparer.Ordinal);
        return named.Count > 0 && named.SetEquals(known);
    }

    /// <summary>Whether every required field is in a column named exactly as the field (our own sample files): nothing to ask.</summary>
    public bool UsesOwnNames(RecordKind kind) =>
        kind.Fields.Where(f => f.Required).All(f => Columns.Any(c => c.Value == f.Name && Key(c.Key) == f.Name));

    public AmountUnit UnitOf(string field) => Units.TryGetValue(field, out var unit) ? unit : AmountUnit.Dong;

    public DateOrder DateOrderOf(string field) => Dates is not null && Dates.TryGetValue(field, out var order) ? order : DateOrder.DayFirst;

    /// <summary>What keeps this mapping from importing a file of the kind, in Vietnamese: required fields without a column, a field in two.</summary>
    public List<string> Problems(RecordKind kind)
    {
        var problems = new List<string>();
        foreach (var field in kind.Fields.Where(f => f.Required && !Columns.Values.Contains(f.Name)))
            problems.Add($"Chưa chọn cột cho trường bắt buộc '{Label(field.Name)}' ({field.Name}).");
        foreach (var twice in Columns.Where(c => c.Value.Length > 0).GroupBy(c => c.Value).Where(g => g.Count() > 1))
            problems.Add($"Trường '{Label(twice.Key)}' ({twice.Key}) được chọn cho nhiều cột: {string.Join(", ", twice.Select(c => $"'{c.Key}'"))}; chỉ chọn một cột.");
        return problems;
    }

    /// <summary>Binds the mapping to a file's header: each mapped field's 0-based column.</summary>
    public Dictionary<string, int> Bind(IReadOnlyList<string> header)
    {
        var bound = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
            if (FieldOf(header[i]) is { Length: > 0 } field) bound.TryAdd(field, i);
        return bound;
    }

    /// <summary>The mapping a feed's settings keep for the kind, or null (none, or settings that are not JSON).</summary>
    public static ColumnMapping? FromSettings(string? settingsJson, string kindCode)
    {
        if (string.IsNullOrWhiteSpace(settingsJson)) return null;
        try
        {
            // Settings are edited by hand on /feeds: anything but the expected shape is no mapping, never a failed import.
            if (JsonNode.Parse(settingsJson) is not JsonObject root || root[SettingsKey] is not JsonObject all || all[kindCode] is not JsonObject saved)
                return null;
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            if (saved["Columns"] is JsonObject c)
                foreach (var (name, field) in c)
                    columns[name] = field?.GetValueKind() == JsonValueKind.String ? field.GetValue<string>() : "";
            var units = new Dictionary<string, AmountUnit>(StringComparer.Ordinal);
            if (saved["Units"] is JsonObject u)
                foreach (var (field, code) in u)
                    if (code?.GetValueKind() == JsonValueKind.String && UnitCodes.FirstOrDefault(x => x.Value == code.GetValue<string>()) is { Value: not null } unit)
                        units[field] = unit.Key;
            var dates = new Dictionary<string, DateOrder>(StringComparer.Ordinal);
            if (saved["Dates"] is JsonObject d)
                foreach (var (field, code) in d)
                    if (code?.GetValueKind() == JsonValueKind.String && DateOrderCodes.FirstOrDefault(x => x.Value == code.GetValue<string>()) is { Value: not null } order)
                        dates[field] = order.Key;
            return columns.Count == 0 ? null : new(columns, units, dates);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The feed's settings with this mapping kept for the kind; every other setting is left as it was.</summary>
    public string ToSettings(string? settingsJson, string kindCode)
    {
        JsonObject root;
        try
        {
            root = (string.IsNullOrWhiteSpace(settingsJson) ? null : JsonNode.Parse(settingsJson)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            root = [];
        }
        if (root[SettingsKey] is not JsonObject mappings) root[SettingsKey] = mappings = [];
        var columns = new JsonObject();
        foreach (var (column, field) in Columns) columns[column] = field;
        var units = new JsonObject();
        foreach (var (field, unit) in Units.Where(u => u.Value != AmountUnit.Dong)) units[field] = UnitCodes[unit];
        var dates = new JsonObject();
        foreach (var (field, order) in (Dates ?? new Dictionary<string, DateOrder>()).Where(d => d.Value != DateOrder.DayFirst)) dates[field] = DateOrderCodes[order];
        mappings[kindCode] = new JsonObject { ["Columns"] = columns, ["Units"] = units, ["Dates"] = dates };
        return root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The mapping in a line, for the audit trail.</summary>
    public string Describe() =>
        string.Join("; ", Columns.Where(c => c.Value.Length > 0).Select(c => $"{c.Key} → {c.Value}" +
            (UnitOf(c.Value) is var u && u != AmountUnit.Dong ? $" ({UnitCodes[u]})" : "") +
            (DateOrderOf(c.Value) is var d && d != DateOrder.DayFirst ? $" ({DateOrderCodes[d]})" : "")));

    /// <summary>Same columns, fields and units (what a save would change).</summary>
    public bool SameAs(ColumnMapping? other) =>
        other is not null && Columns.Count == other.Columns.Count
        && Columns.All(c => other.Columns.TryGetValue(c.Key, out var f) && f == c.Value)
        && Columns.Values.Where(f => f.Length > 0).All(f => UnitOf(f) == other.UnitOf(f) && DateOrderOf(f) == other.DateOrderOf(f));
}
