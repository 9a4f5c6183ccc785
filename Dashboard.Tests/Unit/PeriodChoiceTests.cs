using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Components.Periods;

namespace Dashboard.Tests.Unit;

public sealed class PeriodChoiceTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Fact]
    public void The_address_says_which_window_is_shown()
    {
        var choice = PeriodChoice.From("quarter", "administrative", "2026-10-20", WindowKind.YearToDate, CutOff.Calendar, Today);
        Assert.Equal(new PeriodChoice(WindowKind.Quarter, CutOff.Administrative, new DateOnly(2026, 10, 20)), choice);
        // The administrative fourth quarter runs 15/09–14/12.
        Assert.Equal(new DateOnly(2026, 9, 15), choice.Window.Start);
        Assert.Equal(new DateOnly(2026, 12, 15), choice.Window.End);
        Assert.Equal("?unit=que-an&period=quarter&cutoff=administrative&date=2026-10-20", choice.Query(("unit", "que-an")));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("decade", "lunar", "27/11/2026")]
    // A date in the future is not a period anyone can report on yet.
    [InlineData("month", "calendar", "2027-03-01")]
    public void Missing_or_unreadable_parameters_fall_back_to_the_defaults_never_to_an_error(string? period, string? cutoff, string? date)
    {
        var choice = PeriodChoice.From(period, cutoff, date, WindowKind.YearToDate, CutOff.Calendar, Today);
        Assert.Equal(Today, choice.Date);
        Assert.Equal(period == "month" ? WindowKind.Month : WindowKind.YearToDate, choice.Kind);
        Assert.Equal(CutOff.Calendar, choice.CutOff);
    }

    [Fact]
    public void Previous_and_next_step_one_window_and_stop_at_the_current_one()
    {
        var november = new PeriodChoice(WindowKind.Month, CutOff.Calendar, Today);
        var october = november.Previous();
        Assert.Equal(new DateOnly(2026, 10, 1), october.Window.Start);
        Assert.Equal(new DateOnly(2026, 11, 1), october.Next(Today)!.Window.Start);
        Assert.Null(november.Next(Today));

        // Across the year, on the administrative cycle: January 2027 (15/12/2026–14/01/2027) follows December.
        var december = new PeriodChoice(WindowKind.Month, CutOff.Administrative, new DateOnly(2026, 12, 1));
        var next = december.Next(new DateOnly(2027, 2, 1))!;
        Assert.Equal((2027, 1), (next.Window.Year, next.Window.Number));
        Assert.Equal(new DateOnly(2026, 12, 15), next.Window.Start);
    }

    [Theory]
    // This year's reading of a year-to-date KPI is the year to date, to today: a tap must not open the whole year.
    [InlineData("2026", WindowKind.YearToDate, "ytd", "2026-11-27", "2026-01-01", "2026-11-27")]
    // Last year's has ended: it is that year.
    [InlineData("2025", WindowKind.YearToDate, "year", "2025-01-01", "2025-01-01", "2025-12-31")]
    // A KPI judged on the year (SIPAS) reads its year as the year.
    [InlineData("2026", WindowKind.Year, "year", "2026-01-01", "2026-01-01", "2026-12-31")]
    // A month is a month whatever the KPI's default.
    [InlineData("2026-11", WindowKind.YearToDate, "month", "2026-11-01", "2026-11-01", "2026-11-30")]
    public void A_readings_period_is_read_with_the_kpis_default_window(string period, WindowKind kpiWindow, string kind, string date, string first, string last)
    {
        var choice = PeriodChoice.OfReading(period, kpiWindow, CutOff.Calendar, Today)!;

        Assert.Equal(kind, choice.KindCode);
        Assert.Equal(DateOnly.Parse(date), choice.Date);
        Assert.Equal((DateOnly.Parse(first), DateOnly.Parse(last)), (choice.Window.Start, choice.Window.LastDay));
    }

    [Fact]
    public void The_year_to_date_is_labelled_with_its_days_and_never_as_the_bare_year()
    {
        var loc = TestLocalizer.Vietnamese();
        var ytd = ReportingWindow.Containing(WindowKind.YearToDate, CutOff.Calendar, new DateOnly(2026, 12, 5));
        var year = ReportingWindow.Containing(WindowKind.Year, CutOff.Calendar, new DateOnly(2026, 12, 5));

        Assert.Equal("Từ đầu năm 2026 đến 05/12/2026", PeriodChoice.Label(ytd, loc));
        Assert.Equal("01/01–05/12/26", PeriodChoice.ShortLabel(ytd, loc));
        // The wall's header says the year; its tiles' last line has no room for it.
        Assert.Equal("01/01–05/12", PeriodChoice.WallLabel(ytd, loc));
        Assert.Equal("2026", PeriodChoice.WallLabel(year, loc));
        Assert.Equal("Năm 2026", PeriodChoice.Label(year, loc));
        Assert.Equal("2026", PeriodChoice.ShortLabel(year, loc));
    }

    [Theory]
    // No period in the address: a KPI's page opens on the KPI's own default, in January the whole last year.
    [InlineData(null, "2026-12-05", "ytd", "2026-12-05")]
    [InlineData(null, "2027-01-10", "year", "2026-12-31")]
    // A period named wins, as on any page.
    [InlineData("month", "2027-01-10", "month", "2027-01-10")]
    public void A_kpi_page_opens_on_the_kpis_default_unless_the_address_names_a_period(string? period, string today, string kind, string date)
    {
        var day = DateOnly.Parse(today);

        var choice = PeriodChoice.From(period, null, null, PeriodChoice.Default(WindowKind.YearToDate, CutOff.Calendar, day), day);

        Assert.Equal((kind, DateOnly.Parse(date)), (choice.KindCode, choice.Date));
    }
}
