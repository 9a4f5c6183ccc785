namespace Dashboard.Shared.Time;

/// <summary>The periods a leader reports on.</summary>
public enum WindowKind { Month, Quarter, HalfYear, NineMonths, Year, YearToDate, Last30Days }

/// <summary>
/// Where a reporting period starts: on the calendar (as Decision 766 counts), or on the administrative reporting cycle
/// that runs from the 15th to the 14th (the year from 15/12 to 14/12).
/// </summary>
public enum CutOff { Calendar, Administrative }

/// <summary>
/// A reporting window in local (Asia/Ho_Chi_Minh) dates: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.
/// <see cref="Year"/> and <see cref="Number"/> name it as reports do: the administrative month that ends on 14/11 is
/// November, and the administrative year 2026 runs from 15/12/2025.
/// </summary>
public sealed record ReportingWindow(WindowKind Kind, CutOff CutOff, DateOnly Start, DateOnly End, int Year, int Number)
{
    /// <summary>The window of <paramref name="kind"/> that contains <paramref name="day"/>.</summary>
    public static ReportingWindow Containing(WindowKind kind, CutOff cutOff, DateOnly day)
    {
        if (kind == WindowKind.Last30Days)
            return new(kind, cutOff, day.AddDays(-29), day.AddDays(1), day.Year, 0);

        // On the administrative cycle, a day from the 15th on belongs to the next month's period.
        var (year, month) = cutOff == CutOff.Administrative && day.Day >= 15
            ? (day.AddMonths(1).Year, day.AddMonths(1).Month)
            : (day.Year, day.Month);
        var months = kind switch
        {
            WindowKind.Month => 1,
            WindowKind.Quarter => 3,
            WindowKind.HalfYear => 6,
            WindowKind.NineMonths => 9,
            _ => 12,
        };
        if (kind == WindowKind.YearToDate)
            return new(kind, cutOff, MonthStart(cutOff, year, 1), day.AddDays(1), year, 0);
        // Nine months is one cumulative report a year (January to September): after September it is the one that
        // ended. The others are consecutive blocks of the year.
        var number = kind == WindowKind.NineMonths ? 1 : (month - 1) / months + 1;
        var firstMonth = (number - 1) * months + 1;
        var start = MonthStart(cutOff, year, firstMonth);
        return new(kind, cutOff, start, start.AddMonths(months), year, kind == WindowKind.Month ? month : number);
    }

    /// <summary>The window just before this one, of the same kind.</summary>
    public ReportingWindow Previous() => Kind switch
    {
        WindowKind.Last30Days => this with { Start = Start.AddDays(-30), End = Start },
        // The same stretch of the year before, to compare like with like.
        WindowKind.YearToDate => Containing(Kind, CutOff, End.AddYears(-1).AddDays(-1)),
        _ => Containing(Kind, CutOff, Start.AddDays(-1)),
    };

    public bool Contains(DateOnly day) => day >= Start && day < End;

    /// <summary>
    /// The reading period this window is stored under ("2026", "2026-H2", "2026-Q4", "2026-11"); year-to-date is stored
    /// as its year. Nine months and the last 30 days have no period key.
    /// </summary>
    public string? PeriodKey => Kind switch
    {
        WindowKind.Year or WindowKind.YearToDate => $"{Year}",
        WindowKind.HalfYear => $"{Year}-H{Number}",
        WindowKind.Quarter => $"{Year}-Q{Number}",
        WindowKind.Month => $"{Year}-{Number:00}",
        _ => null,
    };

    /// <summary>The last day in the window (inclusive), as reports print it.</summary>
    public DateOnly LastDay => End.AddDays(-1);

    private static DateOnly MonthStart(CutOff cutOff, int year, int month) =>
        cutOff == CutOff.Calendar ? new DateOnly(year, month, 1) : new DateOnly(year, month, 15).AddMonths(-1);
}
