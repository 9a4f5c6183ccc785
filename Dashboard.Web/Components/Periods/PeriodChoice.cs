using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Periods;

/// <summary>
/// The reporting window a page shows, as it travels in the address (<c>?period=quarter&amp;cutoff=calendar&amp;date=2026-11-27</c>),
/// so a view and its exports can be linked, bookmarked and printed as they are.
/// </summary>
public sealed record PeriodChoice(WindowKind Kind, CutOff CutOff, DateOnly Date)
{
    private static readonly (WindowKind Kind, string Code)[] Kinds =
    [
        (WindowKind.Month, "month"), (WindowKind.Quarter, "quarter"), (WindowKind.HalfYear, "half-year"), (WindowKind.NineMonths, "nine-months"),
        (WindowKind.Year, "year"), (WindowKind.YearToDate, "ytd"), (WindowKind.Last30Days, "30d"),
    ];

    public static IEnumerable<WindowKind> AllKinds => Kinds.Select(k => k.Kind);

    public ReportingWindow Window => ReportingWindow.Containing(Kind, CutOff, Date);

    /// <summary>Reads the address; anything missing or unreadable falls back to the configured default, never to an error page.</summary>
    public static PeriodChoice From(string? period, string? cutoff, string? date, WindowKind defaultKind, CutOff defaultCutOff, DateOnly today)
    {
        var kind = Kinds.FirstOrDefault(k => k.Code == period) is { Code: not null } found ? found.Kind : defaultKind;
        var cut = cutoff switch { "calendar" => CutOff.Calendar, "administrative" => CutOff.Administrative, _ => defaultCutOff };
        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d <= today ? d : today;
        return new PeriodChoice(kind, cut, day);
    }

    /// <summary>
    /// Reads the address for a KPI's page: with no period named, <paramref name="fallback"/> (the KPI's own default, which in
    /// January is the whole last year); a period named is read as <see cref="From(string?, string?, string?, WindowKind, CutOff, DateOnly)"/> does.
    /// </summary>
    public static PeriodChoice From(string? period, string? cutoff, string? date, PeriodChoice fallback, DateOnly today) =>
        Kinds.Any(k => k.Code == period) ? From(period, cutoff, date, fallback.Kind, fallback.CutOff, today) : fallback;

    /// <summary>
    /// The choice a KPI's page opens on when the address names no period: the KPI's own default window (the year to date,
    /// or the whole last year in January; see <see cref="KpiWindows.Default"/>), the one its tile shows.
    /// </summary>
    public static PeriodChoice Default(WindowKind kpiWindow, CutOff cutOff, DateOnly today)
    {
        var w = KpiWindows.Default(kpiWindow, cutOff, today);
        return new PeriodChoice(w.Kind, cutOff, w.LastDay < today ? w.LastDay : today);
    }

    /// <summary>
    /// <see cref="OfReading(string?)"/> for a KPI judged by default on <paramref name="kpiWindow"/>: a reading stored under the
    /// current year for a year-to-date KPI is the year to date (to today), not the whole year, which has not ended; under a
    /// year that has ended it is that year.
    /// </summary>
    public static PeriodChoice? OfReading(string? period, WindowKind kpiWindow, CutOff cutOff, DateOnly today)
    {
        if (kpiWindow == WindowKind.YearToDate && ReportingPeriod.TryParse(period, out var p) && p.Kind == PeriodKind.Year &&
            ReportingWindow.Containing(WindowKind.YearToDate, cutOff, today).Year == p.Start.Year)
            return new PeriodChoice(WindowKind.YearToDate, cutOff, today);
        return OfReading(period);
    }

    /// <summary>
    /// The choice that shows a stored reading's own period ("2026-11" → November 2026 on the calendar), so a tap on a
    /// tile lands on the figure the tile showed; null for a period no page offers (a single day).
    /// </summary>
    public static PeriodChoice? OfReading(string? period)
    {
        if (!ReportingPeriod.TryParse(period, out var p)) return null;
        WindowKind? kind = p.Kind switch
        {
            PeriodKind.Month => WindowKind.Month,
            PeriodKind.Quarter => WindowKind.Quarter,
            PeriodKind.HalfYear => WindowKind.HalfYear,
            PeriodKind.Year => WindowKind.Year,
            _ => null,
        };
        return kind is { } k ? new PeriodChoice(k, CutOff.Calendar, p.Start) : null;
    }

    public string KindCode => Code(Kind);

    public static string Code(WindowKind kind) => Kinds.First(k => k.Kind == kind).Code;

    public string CutOffCode => CutOff == CutOff.Calendar ? "calendar" : "administrative";

    /// <summary>The query string for this choice, with any other parameters the page keeps (unit, rubric…).</summary>
    public string Query(params (string Name, string? Value)[] extra)
    {
        var parts = extra.Where(e => !string.IsNullOrEmpty(e.Value)).Select(e => $"{e.Name}={Uri.EscapeDataString(e.Value!)}")
            .Concat([$"period={KindCode}", $"cutoff={CutOffCode}", $"date={Date:yyyy-MM-dd}"]);
        return "?" + string.Join("&", parts);
    }

    public PeriodChoice Previous() => this with { Date = Window.Previous().LastDay };

    /// <summary>The next window, unless it has not begun yet.</summary>
    public PeriodChoice? Next(DateOnly today) => Kind switch
    {
        WindowKind.YearToDate => Date >= today ? null : this with { Date = Min(Date.AddYears(1), today) },
        WindowKind.Last30Days => Date >= today ? null : this with { Date = Min(Date.AddDays(30), today) },
        _ => Window.End > today ? null : this with { Date = Window.End },
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>"Tháng 11/2026", "Quý IV/2026"…: the window as a report names it.</summary>
    public static string Label(ReportingWindow w, IStringLocalizer<Strings> loc) => w.Kind switch
    {
        WindowKind.Month => string.Format(loc[nameof(Strings.PeriodMonthOf)], w.Number, w.Year),
        WindowKind.Quarter => string.Format(loc[nameof(Strings.PeriodQuarterOf)], Roman(w.Number), w.Year),
        WindowKind.HalfYear => string.Format(loc[w.Number == 1 ? nameof(Strings.PeriodFirstHalfOf) : nameof(Strings.PeriodSecondHalfOf)], w.Year),
        WindowKind.NineMonths => string.Format(loc[nameof(Strings.PeriodNineMonthsOf)], w.Year),
        WindowKind.Year => string.Format(loc[nameof(Strings.PeriodYearOf)], w.Year),
        WindowKind.YearToDate => string.Format(loc[nameof(Strings.PeriodYearToDateOf)], w.Year, w.LastDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
        _ => string.Format(loc[nameof(Strings.PeriodLast30DaysTo)], w.LastDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
    };

    /// <summary>"01/11/2026 – 30/11/2026": the days a window covers, both inclusive.</summary>
    public static string Range(ReportingWindow w) =>
        $"{w.Start.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} – {w.LastDay.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>A short label for a trend chart's axis and the wall: "T11/26", "Q4/26", "2026", and the year to date "01/01–06/12/26".</summary>
    public static string ShortLabel(ReportingWindow w, IStringLocalizer<Strings> loc) => w.Kind switch
    {
        WindowKind.Month => string.Format(loc[nameof(Strings.PeriodMonthShort)], w.Number, w.Year % 100),
        WindowKind.Quarter => $"Q{w.Number}/{w.Year % 100:00}",
        WindowKind.HalfYear => $"H{w.Number}/{w.Year % 100:00}",
        WindowKind.Last30Days => w.LastDay.ToString("dd/MM", CultureInfo.InvariantCulture),
        // Never just "2026": that reads as the whole year, which has not ended.
        WindowKind.YearToDate => $"{w.Start.ToString("dd/MM", CultureInfo.InvariantCulture)}–{w.LastDay.ToString("dd/MM/yy", CultureInfo.InvariantCulture)}",
        _ => $"{w.Year}",
    };

    /// <summary>
    /// The period on a wall tile's last line: <see cref="ShortLabel"/>, but the year to date without its year ("01/01–27/11"),
    /// which the wall's header shows with today's date; with it the line did not fit a tile a quarter of the screen wide.
    /// </summary>
    public static string WallLabel(ReportingWindow w, IStringLocalizer<Strings> loc) => w.Kind == WindowKind.YearToDate
        ? $"{w.Start.ToString("dd/MM", CultureInfo.InvariantCulture)}–{w.LastDay.ToString("dd/MM", CultureInfo.InvariantCulture)}"
        : ShortLabel(w, loc);

    public static string KindName(WindowKind kind, IStringLocalizer<Strings> loc) => kind switch
    {
        WindowKind.Month => loc[nameof(Strings.PeriodKindMonth)],
        WindowKind.Quarter => loc[nameof(Strings.PeriodKindQuarter)],
        WindowKind.HalfYear => loc[nameof(Strings.PeriodKindHalfYear)],
        WindowKind.NineMonths => loc[nameof(Strings.PeriodKindNineMonths)],
        WindowKind.Year => loc[nameof(Strings.PeriodKindYear)],
        WindowKind.YearToDate => loc[nameof(Strings.PeriodKindYearToDate)],
        _ => loc[nameof(Strings.PeriodKindLast30Days)],
    };

    private static string Roman(int n) => n switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };
}
