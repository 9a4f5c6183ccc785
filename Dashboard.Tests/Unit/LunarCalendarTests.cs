using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The Vietnamese lunar calendar against dates looked up by hand in published calendars (lịch vạn niên), including the
/// years where Vietnam's meridian (UTC+7) puts Tết on another day than China's (UTC+8).
/// </summary>
public sealed class LunarCalendarTests
{
    [Theory]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2030, "2030-02-02")] // China: 3 February 2030
    [InlineData(2033, "2033-01-31")]
    [InlineData(2007, "2007-02-17")] // China: 18 February 2007
    [InlineData(1985, "1985-01-21")] // China: 20 February 1985, a whole month apart
    [InlineData(2025, "2025-01-29")]
    public void Tet_the_first_day_of_the_first_lunar_month_falls_on_the_published_day(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), LunarCalendar.ToSolar(new LunarDate(year, 1, 1)));
        Assert.Equal(new LunarDate(year, 1, 1), LunarCalendar.FromSolar(DateOnly.Parse(expected)));
    }

    [Theory]
    [InlineData(2026, "2026-04-26")]
    [InlineData(2027, "2027-04-16")]
    [InlineData(2028, "2028-04-04")]
    public void The_Hung_Kings_day_10_of_the_3rd_month(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), LunarCalendar.ToSolar(new LunarDate(year, 3, 10)));

    [Fact]
    public void In_2025_the_6th_month_repeats_and_the_months_after_it_start_one_moon_later()
    {
        Assert.Equal(6, LunarCalendar.LeapMonth(2025));
        // 1/6 from 25 June, the leap 6th from 25 July, the 7th from 23 August (Vu Lan, 15/7, was Saturday 6 September).
        Assert.Equal(new DateOnly(2025, 6, 25), LunarCalendar.ToSolar(new LunarDate(2025, 6, 1)));
        Assert.Equal(new DateOnly(2025, 7, 25), LunarCalendar.ToSolar(new LunarDate(2025, 6, 1, Leap: true)));
        Assert.Equal(new DateOnly(2025, 8, 23), LunarCalendar.ToSolar(new LunarDate(2025, 7, 1)));
        Assert.Equal(new DateOnly(2025, 9, 6), LunarCalendar.ToSolar(new LunarDate(2025, 7, 15)));
        // Mid-Autumn, 15/8: Monday 6 October 2025.
        Assert.Equal(new DateOnly(2025, 10, 6), LunarCalendar.ToSolar(new LunarDate(2025, 8, 15)));
        Assert.Equal(new LunarDate(2025, 6, 1, Leap: true), LunarCalendar.FromSolar(new DateOnly(2025, 7, 25)));
        Assert.Equal(new LunarDate(2025, 6, 30), LunarCalendar.FromSolar(new DateOnly(2025, 7, 24)));
        // No other month of 2025 has a leap repeat.
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(2025, 5, 1, Leap: true)));
        Assert.Null(LunarCalendar.LeapMonth(2026));
    }

    [Fact]
    public void In_2028_the_5th_month_repeats_Mid_Autumn_comes_a_month_later_than_in_2027()
    {
        Assert.Equal(5, LunarCalendar.LeapMonth(2028));
        // Đoan Ngọ (5/5) on Sunday 28 May 2028, before the leap month; Mid-Autumn (15/8) on Tuesday 3 October 2028, after it.
        Assert.Equal(new DateOnly(2028, 5, 28), LunarCalendar.ToSolar(new LunarDate(2028, 5, 5)));
        Assert.Equal(new DateOnly(2028, 10, 3), LunarCalendar.ToSolar(new LunarDate(2028, 8, 15)));
        // Mid-Autumn 2027 (no leap month): Wednesday 15 September.
        Assert.Equal(new DateOnly(2027, 9, 15), LunarCalendar.ToSolar(new LunarDate(2027, 8, 15)));
    }

    [Fact]
    public void Every_day_of_1900_to_2199_converts_back_to_itself()
    {
        var first = LunarCalendar.ToSolar(new LunarDate(1900, 1, 1));
        var last = LunarCalendar.ToSolar(new LunarDate(2199, 12, 1)).AddDays(28);
        var previous = LunarCalendar.FromSolar(first);
        Assert.Equal(new LunarDate(1900, 1, 1), previous);
        for (var day = first.AddDays(1); day <= last; day = day.AddDays(1))
        {
            var lunar = LunarCalendar.FromSolar(day);
            // Each day follows the one before: the next day of the month, or the 1st of the next month after a 29th or 30th.
            if (lunar.Day == 1)
                Assert.True(previous.Day is 29 or 30, $"{day}: month of {previous.Day} days");
            else
                Assert.Equal(previous with { Day = previous.Day + 1 }, lunar);
            Assert.Equal(day, LunarCalendar.ToSolar(lunar));
            previous = lunar;
        }
    }

    [Theory]
    [InlineData(1899, 1, 1)]
    [InlineData(2200, 1, 1)]
    [InlineData(2026, 13, 1)]
    [InlineData(2026, 1, 31)]
    public void A_date_outside_the_calendar_is_refused(int year, int month, int day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(year, month, day)));
}
