using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData("2026", PeriodKind.Year, "2026-01-01", "2027-01-01")]
    [InlineData("2026-H2", PeriodKind.HalfYear, "2026-07-01", "2027-01-01")]
    [InlineData("2026-Q4", PeriodKind.Quarter, "2026-10-01", "2027-01-01")]
    [InlineData("2026-11", PeriodKind.Month, "2026-11-01", "2026-12-01")]
    [InlineData("2028-02-29", PeriodKind.Day, "2028-02-29", "2028-03-01")]
    public void Periods_parse_to_local_dates(string key, PeriodKind kind, string start, string end)
    {
        var p = ReportingPeriod.Parse(key);
        Assert.Equal(kind, p.Kind);
        Assert.Equal(DateOnly.Parse(start), p.Start);
        Assert.Equal(DateOnly.Parse(end), p.End);
        Assert.Equal(key, p.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("11/2026")]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("2026-02-30")]
    [InlineData("1999")]
    [InlineData("2026-11-")]
    public void Bad_periods_are_rejected(string key) => Assert.False(ReportingPeriod.TryParse(key, out _));

    [Fact]
    public void Today_is_vietnamese_local_time()
    {
        // 17:30 UTC on 31/12 is already 00:30 on 1/1 in Hà Nội.
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 31, 17, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2027, 1, 1), VietnamTime.Today(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
