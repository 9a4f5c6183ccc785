using Dashboard.Shared.Catalog;
using Dashboard.Shared.Time;
using Dashboard.Web.Digests;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The statutory holidays of a year without an official file (Labour Code 2019, art. 112), the days in lieu of those on
/// a weekend, and the official files winning over the computed list for their year.
/// </summary>
public sealed class VietnamHolidaysTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private static HolidayCalendar Shipped() =>
        HolidayCalendar.LoadFolder(Path.Combine(AppContext.BaseDirectory, "seeds", "holidays"));

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void The_holidays_of_2028_by_hand_with_their_days_in_lieu()
    {
        // 1 Jan 2028 is a Saturday. Tết Mậu Thân: the 1st is Wednesday 26 Jan, so the eve is Tuesday 25th and the 4th day
        // is Saturday 29th. Giỗ Tổ (10/3) Tuesday 4 Apr. 30 Apr is a Sunday, 1 May a Monday. 2 Sep is a Saturday, its
        // neighbour Friday 1st.
        var days = VietnamHolidays.For(2028).Select(h => h.Date).Order().ToList();
        DateOnly[] expected =
        [
            D(2028, 1, 1), D(2028, 1, 3), // New Year (Sat), in lieu Monday 3rd
            D(2028, 1, 25), D(2028, 1, 26), D(2028, 1, 27), D(2028, 1, 28), D(2028, 1, 29), D(2028, 1, 31), // Tết, 29th (Sat) in lieu Monday 31st
            D(2028, 4, 4),
            D(2028, 4, 30), D(2028, 5, 1), D(2028, 5, 2), // 30 Apr (Sun): Monday is 1 May itself, so in lieu Tuesday 2nd
            D(2028, 9, 1), D(2028, 9, 2), D(2028, 9, 4), // 2 Sep (Sat): in lieu Monday 4th
        ];
        Assert.Equal(expected, days);
        var holidays = VietnamHolidays.For(2028).ToDictionary(h => h.Date);
        Assert.Equal("Tết Nguyên Đán (mùng 1)", holidays[D(2028, 1, 26)].Name.Vi);
        Assert.Equal("Lunar New Year (Tết), 4th day", holidays[D(2028, 1, 29)].Name.En);
        Assert.StartsWith("Nghỉ bù Tết Nguyên Đán (mùng 4) (29/1 là thứ Bảy)", holidays[D(2028, 1, 31)].Name.Vi);
        Assert.Equal("Giỗ Tổ Hùng Vương (10/3 âm lịch)", holidays[D(2028, 4, 4)].Name.Vi);
    }

    [Fact]
    public void Two_holidays_on_one_weekend_give_two_days_in_lieu_and_the_National_Day_neighbour_joins_a_weekend()
    {
        // 2022: 30 Apr Saturday and 1 May Sunday → Monday 2 and Tuesday 3 May off, as the Government announced.
        var y2022 = VietnamHolidays.For(2022).Select(h => h.Date).ToHashSet();
        Assert.Contains(D(2022, 5, 2), y2022);
        Assert.Contains(D(2022, 5, 3), y2022);
        Assert.DoesNotContain(D(2022, 5, 4), y2022);
        // 2 Sep 2022 is a Friday: the neighbour is Thursday 1st (announced 1–4 Sep).
        Assert.Contains(D(2022, 9, 1), y2022);
        Assert.DoesNotContain(D(2022, 9, 5), y2022);
        // 2 Sep 2021 is a Thursday: the neighbour is Friday 3rd (announced 2–5 Sep).
        Assert.Contains(D(2021, 9, 3), VietnamHolidays.For(2021).Select(h => h.Date));
        Assert.DoesNotContain(D(2021, 9, 1), VietnamHolidays.For(2021).Select(h => h.Date));
        // 2 Sep 2023 is a Saturday: Friday 1st, and Monday 4th in lieu (announced 1–4 Sep).
        var y2023 = VietnamHolidays.For(2023).Select(h => h.Date).ToHashSet();
        Assert.Contains(D(2023, 9, 1), y2023);
        Assert.Contains(D(2023, 9, 4), y2023);
        // 2 Sep 2025 is a Tuesday: Monday 1st.
        Assert.Contains(D(2025, 9, 1), VietnamHolidays.For(2025).Select(h => h.Date));
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    public void The_computed_days_off_of_2026_and_2027_are_those_of_their_files(int year)
    {
        // The files were written by hand from the law and the calendar; the computation must not contradict them.
        var file = HolidayCalendar.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "holidays", $"{year}.json"));
        static bool Weekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Equal(file.Holidays.Select(h => h.Date).Where(Weekday).Order(), VietnamHolidays.For(year).Select(h => h.Date).Where(Weekday).Order());
    }

    [Fact]
    public void Without_a_file_2028_follows_the_computed_list_and_the_working_day_digest_skips_Tet()
    {
        var holidays = Shipped();
        Assert.False(holidays.HasOfficialList(2028));
        var cron = DigestSchedule.PresetCron(DigestSchedule.WorkingDays)!;
        // After Monday 24 Jan 2028 07:00: Tết Tue 25 – Sat 29, Monday 31st in lieu of the Saturday; next digest Tuesday 1 Feb.
        var afterMonday = new DateTimeOffset(2028, 1, 24, 7, 0, 0, Vn);
        Assert.Equal(new DateTimeOffset(2028, 1, 25, 7, 0, 0, Vn), DigestSchedule.Next(cron, afterMonday));
        Assert.Equal(new DateTimeOffset(2028, 2, 1, 7, 0, 0, Vn), DigestSchedule.NextSending(cron, true, holidays, afterMonday));
        foreach (var day in new[] { 25, 26, 27, 28, 31 })
            Assert.False(holidays.IsWorkingDay(D(2028, 1, day)), $"{day}/1/2028");
        Assert.True(holidays.IsWorkingDay(D(2028, 1, 24)));
        Assert.Equal("Tết Nguyên Đán (mùng 1)", holidays.Find(D(2028, 1, 26))!.Name.Vi);
    }

    [Fact]
    public void An_official_file_wins_over_the_computed_list_for_its_year_with_its_swapped_working_Saturday()
    {
        // A made-up announcement for 2028: Tết Sat 22 Jan – Sun 30 Jan, Saturday 5 Feb worked instead of Monday 24 Jan.
        var official = HolidayCalendar.Parse("""
            { "year": 2028,
              "holidays": [
                { "date": "2028-01-24", "name": { "vi": "Tết Nguyên Đán (hoán đổi)", "en": "Tết (swapped)" } },
                { "date": "2028-01-25", "name": { "vi": "Tết Nguyên Đán", "en": "Tết" } },
                { "date": "2028-01-26", "name": { "vi": "Tết Nguyên Đán (mùng 1)", "en": "Tết" } },
                { "date": "2028-01-27", "name": { "vi": "Tết Nguyên Đán", "en": "Tết" } },
                { "date": "2028-01-28", "name": { "vi": "Tết Nguyên Đán", "en": "Tết" } }
              ],
              "workdays": [ "2028-02-05" ] }
            """, "2028.json");
        var calendar = new HolidayCalendar([official]);
        Assert.True(calendar.HasOfficialList(2028));
        Assert.False(calendar.IsWorkingDay(D(2028, 1, 24)), "a swapped day off the computation knows nothing of");
        Assert.True(calendar.IsWorkingDay(D(2028, 2, 5)), "the Saturday worked");
        Assert.True(calendar.IsWorkingDay(D(2028, 1, 31)), "the computed day in lieu is not in the file");
        Assert.True(calendar.IsWorkingDay(D(2028, 1, 3)), "nor is the New Year's day in lieu");
        Assert.False(calendar.IsWorkingDay(D(2028, 2, 6)), "Sundays stay off");
        // Other years are still computed: Tết 2029 is Tuesday 13 February.
        Assert.False(calendar.HasOfficialList(2029));
        Assert.False(calendar.IsWorkingDay(D(2029, 2, 13)));
    }

    [Fact]
    public void Next_years_list_is_missing_from_the_due_month_until_its_file_is_there()
    {
        var shipped = Shipped();
        Assert.Null(shipped.MissingOfficialYear(D(2027, 9, 30), 10));
        Assert.Equal(2028, shipped.MissingOfficialYear(D(2027, 10, 1), 10));
        Assert.Equal(2028, shipped.MissingOfficialYear(D(2027, 12, 31), 10));
        Assert.Equal(2028, shipped.MissingOfficialYear(D(2027, 6, 1), 6));
        // 2026 from October on: the 2027 file is there.
        Assert.Null(shipped.MissingOfficialYear(D(2026, 11, 27), 10));
        var with2028 = new HolidayCalendar([new HolidayYear(2028, [], [])]);
        Assert.Null(with2028.MissingOfficialYear(D(2027, 10, 1), 10));
    }

    [Theory]
    [InlineData("""{ "year": 2028, "holidays": [], "workdays": [ "2028-02-07" ] }""", "workdays[0]", "date")] // a Monday
    [InlineData("""{ "year": 2028, "holidays": [], "workdays": [ "2028-02-05", "5/2/2028" ] }""", "workdays[1]", "date")]
    [InlineData("""{ "year": 2028, "holidays": [], "workdays": [ "2029-02-03" ] }""", "workdays[0]", "date")]
    [InlineData("""{ "year": 2028, "holidays": [ { "date": "2028-01-29", "name": { "vi": "Tết" } } ], "workdays": [ "2028-01-29" ] }""", "workdays[0]", "date")]
    [InlineData("""{ "year": 2028, "holidays": [], "workdays": "2028-02-05" }""", null, "workdays")]
    public void A_bad_workdays_list_is_refused_naming_the_entry(string json, string? entry, string field)
    {
        var ex = Assert.Throws<CatalogException>(() => HolidayCalendar.Parse(json, "2028.json"));
        Assert.Equal("2028.json", ex.File);
        Assert.Equal(entry, ex.Item);
        Assert.Equal(field, ex.Field);
    }
}
