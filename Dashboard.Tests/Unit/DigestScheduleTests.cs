using Dashboard.Shared.Catalog;
using Dashboard.Web.Digests;

namespace Dashboard.Tests.Unit;

/// <summary>Next occurrence and period key in Asia/Ho_Chi_Minh (UTC+7), and the holiday files behind "working days".</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private static HolidayCalendar Shipped() =>
        HolidayCalendar.LoadFolder(Path.Combine(AppContext.BaseDirectory, "seeds", "holidays"));

    [Fact]
    public void At_0630_local_on_the_first_the_period_is_the_first_although_it_is_still_the_previous_day_in_UTC()
    {
        const string cron = "30 6 1 * *";
        // 23:30 UTC on 30 November is 06:30 on 1 December in Vietnam.
        var next = DigestSchedule.Next(cron, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), next);
        Assert.Equal("2026-12-01 06:30", DigestSchedule.PeriodKey(next!.Value));
        Assert.Equal(new DateOnly(2026, 12, 1), DigestSchedule.LocalDay(next.Value));

        // A run that starts late (a retry, a catch-up after a restart) still belongs to the scheduled occurrence.
        var late = DigestSchedule.Occurrence(cron, new DateTimeOffset(2026, 12, 1, 2, 15, 0, TimeSpan.Zero));
        Assert.Equal("2026-12-01 06:30", DigestSchedule.PeriodKey(late!.Value));
        // One minute before it, the occurrence is still November's.
        var before = DigestSchedule.Occurrence(cron, new DateTimeOffset(2026, 11, 30, 23, 29, 0, TimeSpan.Zero));
        Assert.Equal("2026-11-01 06:30", DigestSchedule.PeriodKey(before!.Value));
    }

    [Fact]
    public void The_month_start_preset_keys_each_month_by_its_first_day_across_the_year_end()
    {
        var cron = DigestSchedule.PresetCron(DigestSchedule.MonthStart)!;
        Assert.Equal("2026-12-01 07:00", DigestSchedule.PeriodKey(DigestSchedule.Occurrence(cron, new DateTimeOffset(2026, 12, 31, 23, 59, 0, Vn))!.Value));
        Assert.Equal("2026-12-01 07:00", DigestSchedule.PeriodKey(DigestSchedule.Occurrence(cron, new DateTimeOffset(2027, 1, 1, 6, 59, 0, Vn))!.Value));
        Assert.Equal("2027-01-01 07:00", DigestSchedule.PeriodKey(DigestSchedule.Occurrence(cron, new DateTimeOffset(2027, 1, 1, 7, 0, 0, Vn))!.Value));
        Assert.Equal(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero),
            DigestSchedule.Next(cron, new DateTimeOffset(2027, 1, 1, 7, 0, 0, Vn)));
    }

    [Fact]
    public void Working_days_pass_over_Tet_and_the_National_Day_holidays_from_the_holiday_files()
    {
        var holidays = Shipped();
        var cron = DigestSchedule.PresetCron(DigestSchedule.WorkingDays)!;
        // Friday 13 Feb 2026 at 07:00, after the digest: Tết runs Mon 16 – Fri 20 Feb, so the next is Monday 23 Feb.
        var afterFriday = new DateTimeOffset(2026, 2, 13, 7, 0, 0, Vn);
        Assert.Equal(new DateTimeOffset(2026, 2, 16, 7, 0, 0, Vn), DigestSchedule.Next(cron, afterFriday));
        Assert.Equal(new DateTimeOffset(2026, 2, 23, 7, 0, 0, Vn), DigestSchedule.NextSending(cron, true, holidays, afterFriday));
        // Without "working days only" the cron's own next occurrence stands.
        Assert.Equal(new DateTimeOffset(2026, 2, 16, 7, 0, 0, Vn), DigestSchedule.NextSending(cron, false, holidays, afterFriday));
        // 1–2 September 2026 (Tue–Wed) are off; Thursday 3rd is a working day.
        Assert.Equal(new DateTimeOffset(2026, 9, 3, 7, 0, 0, Vn),
            DigestSchedule.NextSending(cron, true, holidays, new DateTimeOffset(2026, 8, 31, 7, 0, 0, Vn)));
        Assert.False(holidays.IsWorkingDay(new DateOnly(2026, 4, 30)));
        Assert.False(holidays.IsWorkingDay(new DateOnly(2026, 11, 28)), "a Saturday");
        Assert.True(holidays.IsWorkingDay(new DateOnly(2026, 11, 30)));
        Assert.Equal([2026, 2027], holidays.Years);
        Assert.Equal("Tết Nguyên Đán (mùng 1)", holidays.Find(new DateOnly(2026, 2, 17))!.Name.Vi);
        Assert.NotNull(holidays.Find(new DateOnly(2027, 9, 2)));
    }

    [Theory]
    [InlineData("""{ "year": 2026, "holidays": [ { "date": "2026-01-01", "name": { "vi": "Tết Dương lịch" } }, { "date": "2026-02-30", "name": { "vi": "x" } } ] }""",
        "holidays[1]", "date")]
    [InlineData("""{ "year": 2026, "holidays": [ { "date": "2027-01-01", "name": { "vi": "x" } } ] }""", "holidays[0]", "date")]
    [InlineData("""{ "year": 2026, "holidays": [ { "date": "2026-09-02", "name": { "en": "National Day" } } ] }""", "holidays[0]", "name.vi")]
    [InlineData("""{ "year": 2025, "holidays": [] }""", null, "year")]
    public void A_bad_holiday_file_is_refused_naming_the_file_the_entry_and_the_field(string json, string? entry, string field)
    {
        var ex = Assert.Throws<CatalogException>(() => HolidayCalendar.Parse(json, "2026.json"));
        Assert.Equal("2026.json", ex.File);
        Assert.Equal(entry, ex.Item);
        Assert.Equal(field, ex.Field);
        Assert.Contains("2026.json", ex.Message);
    }

    [Theory]
    [InlineData("chu-tich@que-minh.gov.vn", true)]
    [InlineData("chu-tich@", false)]
    [InlineData("Chủ tịch <chu-tich@que-minh.gov.vn>", false)]
    [InlineData("chu tich@que-minh.gov.vn", false)]
    [InlineData("chu-tich@localhost", false)]
    public void Recipients_are_plain_addresses(string text, bool ok) => Assert.Equal(ok, DigestEndpoints.IsAddress(text));
}
