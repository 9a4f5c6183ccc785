using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

public sealed class ReportingWindowTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // kind, cut-off, day, start, end (exclusive), year, number
    [InlineData(WindowKind.Month, CutOff.Calendar, "2026-11-27", "2026-11-01", "2026-12-01", 2026, 11)]
    [InlineData(WindowKind.Month, CutOff.Administrative, "2026-11-14", "2026-10-15", "2026-11-15", 2026, 11)]
    [InlineData(WindowKind.Month, CutOff.Administrative, "2026-11-15", "2026-11-15", "2026-12-15", 2026, 12)]
    // The administrative January crosses the year.
    [InlineData(WindowKind.Month, CutOff.Administrative, "2025-12-20", "2025-12-15", "2026-01-15", 2026, 1)]
    [InlineData(WindowKind.Quarter, CutOff.Calendar, "2026-11-27", "2026-10-01", "2027-01-01", 2026, 4)]
    [InlineData(WindowKind.Quarter, CutOff.Administrative, "2026-03-14", "2025-12-15", "2026-03-15", 2026, 1)]
    [InlineData(WindowKind.Quarter, CutOff.Administrative, "2026-03-15", "2026-03-15", "2026-06-15", 2026, 2)]
    [InlineData(WindowKind.HalfYear, CutOff.Calendar, "2026-05-10", "2026-01-01", "2026-07-01", 2026, 1)]
    [InlineData(WindowKind.HalfYear, CutOff.Calendar, "2026-11-27", "2026-07-01", "2027-01-01", 2026, 2)]
    [InlineData(WindowKind.HalfYear, CutOff.Administrative, "2026-06-14", "2025-12-15", "2026-06-15", 2026, 1)]
    [InlineData(WindowKind.NineMonths, CutOff.Calendar, "2026-08-01", "2026-01-01", "2026-10-01", 2026, 1)]
    [InlineData(WindowKind.NineMonths, CutOff.Calendar, "2026-11-27", "2026-01-01", "2026-10-01", 2026, 1)]
    [InlineData(WindowKind.NineMonths, CutOff.Administrative, "2026-09-14", "2025-12-15", "2026-09-15", 2026, 1)]
    [InlineData(WindowKind.Year, CutOff.Calendar, "2026-12-31", "2026-01-01", "2027-01-01", 2026, 1)]
    [InlineData(WindowKind.Year, CutOff.Administrative, "2026-12-14", "2025-12-15", "2026-12-15", 2026, 1)]
    [InlineData(WindowKind.Year, CutOff.Administrative, "2026-12-15", "2026-12-15", "2027-12-15", 2027, 1)]
    [InlineData(WindowKind.YearToDate, CutOff.Calendar, "2026-11-27", "2026-01-01", "2026-11-28", 2026, 0)]
    [InlineData(WindowKind.YearToDate, CutOff.Administrative, "2026-11-27", "2025-12-15", "2026-11-28", 2026, 0)]
    [InlineData(WindowKind.Last30Days, CutOff.Calendar, "2026-11-27", "2026-10-29", "2026-11-28", 2026, 0)]
    public void The_window_containing_a_day(WindowKind kind, CutOff cutOff, string day, string start, string end, int year, int number)
    {
        var w = ReportingWindow.Containing(kind, cutOff, D(day));
        Assert.Equal((D(start), D(end), year, number), (w.Start, w.End, w.Year, w.Number));
    }

    [Fact]
    public void Previous_windows_follow_on_without_gaps()
    {
        var q1 = ReportingWindow.Containing(WindowKind.Quarter, CutOff.Calendar, D("2026-02-10"));
        Assert.Equal((D("2025-10-01"), D("2026-01-01"), 4), (q1.Previous().Start, q1.Previous().End, q1.Previous().Number));

        var adminJanuary = ReportingWindow.Containing(WindowKind.Month, CutOff.Administrative, D("2026-01-03"));
        var december = adminJanuary.Previous();
        Assert.Equal((D("2025-11-15"), D("2025-12-15"), 2025, 12), (december.Start, december.End, december.Year, december.Number));

        var ytd = ReportingWindow.Containing(WindowKind.YearToDate, CutOff.Calendar, D("2026-11-27"));
        Assert.Equal((D("2025-01-01"), D("2025-11-28")), (ytd.Previous().Start, ytd.Previous().End));

        var last30 = ReportingWindow.Containing(WindowKind.Last30Days, CutOff.Calendar, D("2026-11-27"));
        Assert.Equal((D("2026-09-29"), D("2026-10-29")), (last30.Previous().Start, last30.Previous().End));
    }

    [Fact]
    public void The_last_day_is_the_one_reports_print()
    {
        var w = ReportingWindow.Containing(WindowKind.Month, CutOff.Administrative, D("2026-11-20"));
        Assert.Equal(D("2026-12-14"), w.LastDay);
        Assert.True(w.Contains(D("2026-12-14")));
        Assert.False(w.Contains(D("2026-12-15")));
    }
}
