using Dashboard.Shared.Time;
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
}
