using System.Globalization;
using System.Text.Json;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Time;

namespace Dashboard.Web.Digests;

/// <summary>The Government's official list for a year: its holidays and days in lieu, and the weekend days worked instead.</summary>
public sealed record HolidayYear(int Year, IReadOnlyList<Holiday> Holidays, IReadOnlyList<DateOnly> Workdays);

/// <summary>
/// Working days: Monday to Friday less the public holidays, plus the weekend days the Government swaps in. A year with a
/// file <c>seeds/holidays/{year}.json</c> (the official announcement, with its days in lieu and swapped working days)
/// follows that file; any other year follows the Labour Code as <see cref="VietnamHolidays"/> computes it, Tết from the
/// lunar calendar, so the digests never go out on Tết for want of a file.
/// </summary>
public sealed class HolidayCalendar
{
    private sealed record YearDays(Dictionary<DateOnly, Holiday> Holidays, HashSet<DateOnly> Workdays);

    private readonly Dictionary<int, YearDays> _official;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, YearDays> _computed = new();

    public HolidayCalendar(IEnumerable<HolidayYear> official)
    {
        _official = official.ToDictionary(y => y.Year, y => new YearDays(
            y.Holidays.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.First()), y.Workdays.ToHashSet()));
        Years = _official.Keys.Order().ToList();
    }

    /// <summary>The years with an official file.</summary>
    public IReadOnlyList<int> Years { get; }

    public bool HasOfficialList(int year) => _official.ContainsKey(year);

    public Holiday? Find(DateOnly day) => Of(day.Year).Holidays.GetValueOrDefault(day);

    public bool IsWorkingDay(DateOnly day)
    {
        var year = Of(day.Year);
        if (year.Workdays.Contains(day)) return true;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !year.Holidays.ContainsKey(day);
    }

    /// <summary>
    /// The coming year whose official list is due and missing: from the due month (1–12) of a year on, next year's file
    /// should be in place, since the computed list cannot know the Government's swaps and days in lieu.
    /// </summary>
    public int? MissingOfficialYear(DateOnly today, int dueMonth) =>
        today.Month >= dueMonth && !HasOfficialList(today.Year + 1) ? today.Year + 1 : null;

    private YearDays Of(int year) => _official.TryGetValue(year, out var days)
        ? days
        : _computed.GetOrAdd(year, y => new YearDays(
            VietnamHolidays.Covers(y) ? VietnamHolidays.For(y).GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.First()) : [], []));

    /// <summary>Every <c>yyyy.json</c> in the folder; a bad file stops the app with the file, the entry and the field named.</summary>
    public static HolidayCalendar LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) return new HolidayCalendar([]);
        var years = new Dictionary<int, (HolidayYear Days, string File)>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = LoadFile(path);
            // One official list per year: two would leave it to the file order which one counts.
            if (years.TryGetValue(file.Year, out var first))
                throw new CatalogException(Path.GetFileName(path), null, "year", $"năm {file.Year} đã có tệp {first.File}");
            years[file.Year] = (file, Path.GetFileName(path));
        }
        return new HolidayCalendar(years.Values.Select(y => y.Days));
    }

    public static HolidayYear LoadFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static HolidayYear Parse(string json, string file)
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
            // Optional: the weekend days worked instead (a Saturday that bridges a gap), as the announcement lists them.
            var workdays = new List<DateOnly>();
            if (root.TryGetProperty("workdays", out var worked))
            {
                if (worked.ValueKind != JsonValueKind.Array)
                    throw new CatalogException(file, null, "workdays", "phải là danh sách ngày (yyyy-MM-dd)");
                i = 0;
                foreach (var item in worked.EnumerateArray())
                {
                    var entry = $"workdays[{i++}]";
                    var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        throw new CatalogException(file, entry, "date", $"'{item}' không phải ngày dạng yyyy-MM-dd");
                    if (date.Year != year)
                        throw new CatalogException(file, entry, "date", $"ngày {text} không thuộc năm {year}");
                    if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                        throw new CatalogException(file, entry, "date", $"ngày {text} không phải thứ Bảy hay Chủ nhật: ngày thường vốn là ngày làm việc");
                    if (result.Any(h => h.Date == date))
                        throw new CatalogException(file, entry, "date", $"ngày {text} cũng có trong danh sách ngày nghỉ");
                    workdays.Add(date);
                }
            }
            return new HolidayYear(year, result, workdays);
        }
    }
}
