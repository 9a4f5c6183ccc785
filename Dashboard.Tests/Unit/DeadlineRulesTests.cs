using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

public sealed class DeadlineRulesTests
{
    private static readonly ReportingWindow November =
        ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 1));
    private static readonly DateTimeOffset Later = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // Finished 23:30 local (16:30 UTC) on its due date: on time. Ten minutes after midnight: late.
    [InlineData("2026-11-02", "2026-11-10", "2026-11-10T16:30:00Z", Timeliness.OnTime)]
    [InlineData("2026-11-02", "2026-11-10", "2026-11-10T17:10:00Z", Timeliness.Late)]
    // A due date and time: exactly on it is on time.
    [InlineData("2026-11-02", "2026-11-10T03:00:00Z", "2026-11-10T03:00:00Z", Timeliness.OnTime)]
    // Received before November, finished in it: it was open in November.
    [InlineData("2026-10-20", "2026-10-25", "2026-11-03T02:00:00Z", Timeliness.Late)]
    // Finished before November began, or received after it ended: not counted in November.
    [InlineData("2026-10-20", "2026-10-25", "2026-10-24T02:00:00Z", Timeliness.NotOpen)]
    [InlineData("2026-12-01", "2026-12-05", null, Timeliness.NotOpen)]
    // Still in progress at the end of November: judged then.
    [InlineData("2026-11-25", "2026-12-03", null, Timeliness.OnTime)]
    [InlineData("2026-11-20", "2026-11-27", null, Timeliness.Late)]
    // Finished in December, late, but at the end of November it was still within its deadline.
    [InlineData("2026-11-25", "2026-12-03", "2026-12-09T02:00:00Z", Timeliness.OnTime)]
    public void A_dossier_is_judged_at_the_end_of_the_period(string received, string due, string? finished, Timeliness expected) =>
        Assert.Equal(expected, DeadlineRules.Judge(received, due, finished, November, Later));

    [Fact]
    public void The_current_period_is_judged_now()
    {
        // 10:00 local on 27/11: a dossier due on 26/11 and not finished is already late; one due today is not.
        var now = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(Timeliness.Late, DeadlineRules.Judge("2026-11-20", "2026-11-26", null, November, now));
        Assert.Equal(Timeliness.OnTime, DeadlineRules.Judge("2026-11-20", "2026-11-27", null, November, now));
        // Received later today: not open yet at this moment.
        Assert.Equal(Timeliness.NotOpen, DeadlineRules.Judge("2026-11-27T05:00:00Z", "2026-11-30", null, November, now));
    }

    [Fact]
    public void A_period_crossing_the_year_counts_dossiers_on_both_sides()
    {
        var adminJanuary = ReportingWindow.Containing(WindowKind.Month, CutOff.Administrative, new DateOnly(2026, 1, 5));
        Assert.Equal(Timeliness.OnTime, DeadlineRules.Judge("2025-12-16", "2025-12-22", "2025-12-20T02:00:00Z", adminJanuary, Later));
        Assert.Equal(Timeliness.Late, DeadlineRules.Judge("2026-01-05", "2026-01-08", "2026-01-12T02:00:00Z", adminJanuary, Later));
        Assert.Equal(Timeliness.NotOpen, DeadlineRules.Judge("2025-12-01", "2025-12-05", "2025-12-04T02:00:00Z", adminJanuary, Later));
    }
}
