using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Shared.Time;

public enum PeriodKind { Year, HalfYear, Quarter, Month, Day }

/// <summary>
/// The period a reading belongs to, written as "2026", "2026-H2", "2026-Q4", "2026-11" or "2026-11-27".
/// Start and end are local dates in Asia/Ho_Chi_Minh; <see cref="End"/> is exclusive.
/// </summary>
public sealed partial record ReportingPeriod(PeriodKind Kind, DateOnly Start, DateOnly End, string Key)
{
    [GeneratedRegex(@"^(?<y>\d{4})(-(?:(?<h>H[12])|(?<q>Q[1-4])|(?<m>\d{2})(-(?<d>\d{2}))?))?$")]
    private static partial Regex Pattern();

    /// <summary>
    /// Periods run from <see cref="FirstYear"/> to <see cref="LastYear"/>: the plan's own years with ample room. Outside them a
    /// period is a typo or a placeholder (0001, 9999), and date arithmetic on it would overflow. Configuration may narrow
    /// the dates it accepts (<c>Ingest:Limits</c>), never widen this.
    /// </summary>
    public const int FirstYear = 2000, LastYear = 2100;

    // Readings name a few periods over and over, and each reading's period is parsed on validation and twice more when the
    // engine ranks it: parsed once and shared (a period is immutable). Bounded, since the text comes from outside.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReportingPeriod> Parsed = new(StringComparer.Ordinal);
    private const int MaxParsed = 50_000;
    private static int _parsedCount;

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        if (text is not null && Parsed.TryGetValue(text, out period!)) return true;
        if (!TryParseText(text, out period)) return false;
        if (Volatile.Read(ref _parsedCount) < MaxParsed && Parsed.TryAdd(text!, period)) Interlocked.Increment(ref _parsedCount);
        return true;
    }

    private static bool TryParseText(string? text, out ReportingPeriod period)
    {
        period = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < FirstYear or > LastYear) return false;

        if (m.Groups["h"].Success)
        {
            var half = m.Groups["h"].Value[1] - '0';
            var start = new DateOnly(year, half == 1 ? 1 : 7, 1);
            period = new(PeriodKind.HalfYear, start, start.AddMonths(6), $"{year}-H{half}");
        }
        else if (m.Groups["q"].Success)
        {
            var q = m.Groups["q"].Value[1] - '0';
            var start = new DateOnly(year, (q - 1) * 3 + 1, 1);
            period = new(PeriodKind.Quarter, start, start.AddMonths(3), $"{year}-Q{q}");
        }
        else if (m.Groups["m"].Success)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            if (m.Groups["d"].Success)
            {
                var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
                if (day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
                var date = new DateOnly(year, month, day);
                period = new(PeriodKind.Day, date, date.AddDays(1), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                var start = new DateOnly(year, month, 1);
                period = new(PeriodKind.Month, start, start.AddMonths(1), $"{year}-{month:00}");
            }
        }
        else
        {
            var start = new DateOnly(year, 1, 1);
            period = new(PeriodKind.Year, start, start.AddYears(1), $"{year}");
        }
        return true;
    }

    /// <summary>As <see cref="TryParse(string?, out ReportingPeriod)"/>, saying in Vietnamese what is wrong (quoting a short excerpt).</summary>
    public static bool TryParse(string? text, out ReportingPeriod period, out string? error)
    {
        error = null;
        if (TryParse(text, out period)) return true;
        var quoted = $"'{Ingest.TextExcerpt.Of(text)}'";
        var m = string.IsNullOrWhiteSpace(text) ? null : Pattern().Match(text.Trim());
        error = m is null ? "Thiếu kỳ báo cáo."
            : !m.Success ? $"Kỳ báo cáo {quoted} không đúng dạng (2026, 2026-H1, 2026-Q3, 2026-11 hoặc 2026-11-27)."
            : int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) is < FirstYear or > LastYear
                ? $"Kỳ báo cáo {quoted} nằm ngoài khoảng cho phép (năm {FirstYear} đến {LastYear})."
                : $"Kỳ báo cáo {quoted} không có thật (tháng từ 01 đến 12, ngày phải có trong tháng).";
        return false;
    }

    public static ReportingPeriod Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not a reporting period");

    /// <exception cref="FormatException">The date is outside <see cref="FirstYear"/>–<see cref="LastYear"/>; see <see cref="TryMonthOf"/>.</exception>
    public static ReportingPeriod MonthOf(DateOnly date) => Parse($"{date.Year}-{date.Month:00}");

    public static bool TryMonthOf(DateOnly date, out ReportingPeriod period) =>
        TryParse($"{date.Year:0000}-{date.Month:00}", out period);

    public override string ToString() => Key;
}
