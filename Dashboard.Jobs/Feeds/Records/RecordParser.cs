using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Jobs.Feeds.Records;

/// <summary>
/// Checks each row of an export against its record kind and turns it into a normalised record: dates as ISO
/// (a bare date stays a local calendar date; a date with a time becomes UTC), booleans, amounts. Every problem is
/// reported with the row, the field and the reason, in Vietnamese.
/// </summary>
public static class RecordParser
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly string[] DateOnlyFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];
    private static readonly string[] DateTimeFormats =
        ["dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] True = ["x", "1", "có", "co", "c", "true", "yes", "y", "đúng", "dung"];
    private static readonly string[] False = ["", "0", "không", "khong", "k", "false", "no", "n", "sai"];

    public static (RecordInput? Record, List<RejectedRow> Problems) Parse(RecordKind kind, TabularRow row, string? defaultUnit, UnitDirectory units) =>
        Parse(kind, row.Row, row.Get, defaultUnit, units);

    /// <param name="rowNumber">The row (file) or item (JSON) number as the sender sees it.</param>
    /// <param name="get">The raw text of a column, or null when absent.</param>
    public static (RecordInput? Record, List<RejectedRow> Problems) Parse(RecordKind kind, int rowNumber, Func<string, string?> get,
        string? defaultUnit, UnitDirectory units)
    {
        var problems = new List<RejectedRow>();
        var data = new JsonObject();
        var dates = new Dictionary<string, (DateTimeOffset At, bool DateOnly, string Text)>();

        var unit = Clean(get(RecordKinds.UnitColumn)) ?? defaultUnit;
        if (unit is null) problems.Add(new(rowNumber, RecordKinds.UnitColumn, "Thiếu mã đơn vị (cột ma_don_vi, hoặc chọn đơn vị khi tải lên)."));
        else if (units.Find(unit) is null) problems.Add(new(rowNumber, RecordKinds.UnitColumn, $"Đơn vị '{unit}' không có trong danh mục đơn vị."));

        foreach (var field in kind.Fields)
        {
            var text = Clean(get(field.Name));
            if (text is null)
            {
                if (field.Required && field.Type != FieldType.Bool) problems.Add(new(rowNumber, field.Name, "Thiếu giá trị bắt buộc."));
                else if (field.Type == FieldType.Bool) data[field.Name] = false;
                else data[field.Name] = null;
                continue;
            }
            switch (field.Type)
            {
                case FieldType.Text:
                    // Text is kept as written, formulas included: it is data, never evaluated.
                    data[field.Name] = text;
                    break;
                case FieldType.Bool:
                    var lower = text.ToLowerInvariant();
                    if (True.Contains(lower)) data[field.Name] = true;
                    else if (False.Contains(lower)) data[field.Name] = false;
                    else problems.Add(new(rowNumber, field.Name, $"'{text}' không phải giá trị có/không (dùng x, có, không, 1, 0)."));
                    break;
                case FieldType.Amount or FieldType.Percent:
                    if (!TryNumber(text, out var number)) problems.Add(new(rowNumber, field.Name, $"'{text}' không phải là số."));
                    else if (number < 0) problems.Add(new(rowNumber, field.Name, $"Giá trị {text} không được âm."));
                    else if (field.Type == FieldType.Percent && number > 100) problems.Add(new(rowNumber, field.Name, $"Tỷ lệ {text} vượt quá 100."));
                    else data[field.Name] = number;
                    break;
                case FieldType.Choice:
                    var choice = text.ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
                    if (field.Choices!.Contains(choice)) data[field.Name] = choice;
                    else problems.Add(new(rowNumber, field.Name, $"'{text}' không thuộc các giá trị cho phép: {string.Join(", ", field.Choices!)}."));
                    break;
                case FieldType.Period:
                    if (ReportingPeriod.TryParse(text, out var period)) data[field.Name] = period.Key;
                    else problems.Add(new(rowNumber, field.Name, $"Kỳ báo cáo '{text}' không hợp lệ (dạng 2026, 2026-Q3, 2026-11…)."));
                    break;
                case FieldType.Date:
                    if (TryDate(text, out var iso, out var instant))
                    {
                        data[field.Name] = iso;
                        dates[field.Name] = (instant, iso.Length == 10, text);
                    }
                    else problems.Add(new(rowNumber, field.Name, $"'{text}' không phải ngày hợp lệ (dd/MM/yyyy, dd/MM/yyyy HH:mm hoặc yyyy-MM-dd)."));
                    break;
            }
        }

        foreach (var (earlier, later) in kind.Order)
        {
            if (!dates.TryGetValue(earlier, out var a) || !dates.TryGetValue(later, out var b)) continue;
            // A bare date is a whole local day: a due date equal to the day of receipt is fine.
            var before = a.DateOnly || b.DateOnly
                ? LocalDay(b.At) < LocalDay(a.At)
                : b.At < a.At;
            if (before) problems.Add(new(rowNumber, later, $"{later} ({b.Text}) trước {earlier} ({a.Text})."));
        }

        if (problems.Count > 0 || unit is null) return (null, problems);
        var key = data[kind.KeyField]!.GetValue<string>();
        return (new RecordInput(unit, kind.Code, key, data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })), problems);
    }

    private static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(VietnamTime.ToLocal(at).DateTime);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value) && !text.Contains(',') ||
        decimal.TryParse(text, NumberStyles.Number, Vi, out value);

    /// <summary>A bare date stays a local calendar date ("2026-11-27"); a date with a time is Vietnamese local time, stored as UTC.</summary>
    private static bool TryDate(string text, out string iso, out DateTimeOffset instant)
    {
        iso = "";
        instant = default;
        if (DateTime.TryParseExact(text, DateOnlyFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            instant = new DateTimeOffset(day, VietnamTime.Zone.GetUtcOffset(day));
            return true;
        }
        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            instant = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && text.Contains('T'))
        {
            instant = withOffset;
        }
        else return false;
        iso = instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return true;
    }
}
