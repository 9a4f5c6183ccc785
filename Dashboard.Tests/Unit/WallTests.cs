using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;
using Dashboard.Web.Wall;

namespace Dashboard.Tests.Unit;

public sealed class WallPlaylistTests
{
    [Fact]
    public void A_playlist_reads_back_as_it_was_written()
    {
        var slots = new[] { new WallSlot(WallView.Scores, 30), new WallSlot(WallView.Overview, 15) };
        Assert.Equal("scores:30,overview:15", WallPlaylist.Format(slots));
        Assert.Equal(slots, WallPlaylist.Parse("scores:30,overview:15"));
    }

    [Fact]
    public void Unknown_views_are_skipped_and_durations_kept_within_bounds()
    {
        var slots = WallPlaylist.Parse(" Overdue:1 , weather:20, finance:99999, dossiers ");
        Assert.Equal(
            [new WallSlot(WallView.Overdue, WallPlaylist.MinSeconds), new WallSlot(WallView.Finance, WallPlaylist.MaxSeconds),
             new WallSlot(WallView.Dossiers, WallPlaylist.DefaultSeconds)],
            slots);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("weather:10")]
    public void Nothing_usable_gives_every_view_in_turn(string? text) =>
        Assert.Equal(Enum.GetValues<WallView>(), WallPlaylist.Parse(text).Select(s => s.View));
}

/// <summary>The overdue view worked by hand: Vietnam time, open versus finished, apology letters, the live month.</summary>
public sealed class WallOverdueTests
{
    // Saturday 28 November 2026, 09:00 in Vietnam.
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private static readonly ReportingWindow November = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 28));

    /// <summary>The first instant after the local day <paramref name="day"/> ends (a deadline "on" that day).</summary>
    private static long After(DateOnly day) => new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)).UtcTicks;

    private static long At(int month, int day, int hour) => new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.FromHours(7)).UtcTicks;

    [Fact]
    public void Open_items_past_their_deadline_are_listed_longest_overdue_first_with_days_counted_in_Vietnam()
    {
        var records = new UnitRecords("que-minh",
        [
            new ReportFact("r1", "Báo cáo CCHC quý IV", "Văn phòng", "2026-Q4", new DateOnly(2026, 11, 20), After(new DateOnly(2026, 11, 20)), long.MaxValue),
            new ReportFact("r2", "Báo cáo CĐS tháng 11", "Văn phòng", "2026-11", new DateOnly(2026, 11, 25), After(new DateOnly(2026, 11, 25)), long.MaxValue),
            // Sent on time: not overdue.
            new ReportFact("r3", "Báo cáo tư pháp", "Tư pháp", "2026-11", new DateOnly(2026, 11, 10), After(new DateOnly(2026, 11, 10)), At(11, 9, 10)),
            // Due today: not overdue until the day is over.
            new ReportFact("r4", "Báo cáo hôm nay", null, "2026-11", new DateOnly(2026, 11, 28), After(new DateOnly(2026, 11, 28)), long.MaxValue),
            new TaskFact("t1", "Rà soát TTHC", "Văn phòng", At(10, 1, 8), After(new DateOnly(2026, 11, 27)), long.MaxValue),
            new TaskFact("t2", "Đã xong", "Văn phòng", At(10, 1, 8), After(new DateOnly(2026, 11, 1)), At(11, 5, 8)),
        ]);

        var overdue = WallOverdue.Of(records, November, Now);

        Assert.Equal([("Báo cáo CCHC quý IV", 8), ("Báo cáo CĐS tháng 11", 3)], overdue.Reports.Select(r => (r.Title, r.DaysLate)));
        Assert.Equal(new DateOnly(2026, 11, 20), overdue.Reports[0].DueDay);
        Assert.Equal([("Rà soát TTHC", 1)], overdue.Tasks.Select(t => (t.Title, t.DaysLate)));
        Assert.False(overdue.IsDemo);
    }

    [Fact]
    public void Late_dossiers_of_the_live_month_without_an_apology_letter_are_listed_by_code_and_procedure()
    {
        var records = new UnitRecords("que-minh",
        [
            new ProcedureFact("1.001", "Đăng ký khai sinh", true, true, true, true, true, false),
            new DossierFact("HS-01", "Tư pháp", At(11, 2, 8), After(new DateOnly(2026, 11, 20)), long.MaxValue, "1.001", Channel.InPerson, false, false, false),
            // Late, but the apology letter was sent.
            new DossierFact("HS-02", "Tư pháp", At(11, 2, 8), After(new DateOnly(2026, 11, 20)), long.MaxValue, "1.001", Channel.InPerson, true, false, false),
            // Returned on time.
            new DossierFact("HS-03", "Tư pháp", At(11, 2, 8), After(new DateOnly(2026, 11, 20)), At(11, 19, 16), "1.001", Channel.InPerson, false, false, false),
            // Late, returned late in October: not in the live month.
            new DossierFact("HS-04", "Địa chính", At(9, 2, 8), After(new DateOnly(2026, 9, 20)), At(10, 3, 16), "1.001", Channel.InPerson, false, false, false),
        ], new HashSet<string> { "dossier" });

        var overdue = WallOverdue.Of(records, November, Now);

        var item = Assert.Single(overdue.LateWithoutApology);
        Assert.Equal("HS-01 · Đăng ký khai sinh", item.Title);
        Assert.Equal("Tư pháp", item.Agency);
        Assert.Equal(8, item.DaysLate);
        Assert.True(overdue.IsDemo);
    }
}
