using System.Globalization;
using System.Text.Json;
using Dashboard.Shared.Catalog;

namespace Dashboard.Web.Digests;

/// <summary>A public holiday: its date and its name in Vietnamese and English.</summary>
public sealed record Holiday(DateOnly Date, LocalizedText Name);

/// <summary>
/// Working days: Monday to Friday, less the Vietnamese public holidays in <c>seeds/holidays/{year}.json</c>. The holidays
/// are data, not a rule: Tết follows the lunar calendar and the days in lieu are announced by the Government each year.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, Holiday> _days;

    public HolidayCalendar(IEnumerable<Holiday> holidays)
    {
        _days = holidays.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.First());
        Years = _days.Keys.Select(d => d.Year).Distinct().Order().ToList();
    }

    public IReadOnlyList<int> Years { get; }

    public Holiday? Find(DateOnly day) => _days.GetValueOrDefault(day);

    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_days.ContainsKey(day);

    /// <summary>Every <c>yyyy.json</c> in the folder; a bad file stops the app with the file, the entry and the field named.</summary>
    public static HolidayCalendar LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) return new HolidayCalendar([]);
        return new HolidayCalendar(Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).SelectMany(LoadFile).ToList());
    }

    public static IReadOnlyList<Holiday> LoadFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static IReadOnlyList<Holiday> Parse(string json, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CatalogException(file, null, null, $"không phải JSON hợp lệ (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("year", out var yearEl) || !yearEl.TryGetInt32(out var year))
                throw new CatalogException(file, null, "year", "thiếu năm (số nguyên)");
            var expected = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(expected, NumberStyles.None, CultureInfo.InvariantCulture, out var named) && named != year)
                throw new CatalogException(file, null, "year", $"năm {year} khác tên tệp {file}");
            if (!root.TryGetProperty("holidays", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new CatalogException(file, null, "holidays", "thiếu danh sách ngày nghỉ");
            var result = new List<Holiday>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var entry = $"holidays[{i++}]";
                var text = item.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                if (text is null)
                    throw new CatalogException(file, entry, "date", "thiếu ngày (yyyy-MM-dd)");
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new CatalogException(file, entry, "date", $"'{text}' không phải ngày dạng yyyy-MM-dd");
                if (date.Year != year)
                    throw new CatalogException(file, entry, "date", $"ngày {text} không thuộc năm {year}");
                string? vi = null, en = null;
                if (item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.Object)
                {
                    vi = name.TryGetProperty("vi", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                    en = name.TryGetProperty("en", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                }
                if (string.IsNullOrWhiteSpace(vi))
                    throw new CatalogException(file, entry, "name.vi", "thiếu tên tiếng Việt");
                result.Add(new Holiday(date, new LocalizedText(vi, en ?? "")));
            }
            return result;
        }
    }
}
