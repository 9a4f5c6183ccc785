using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;

namespace Dashboard.Tests.Unit;

public sealed class ReadingSelectionTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    private static Reading R(long id, string period, string source, decimal value, int minutesAgo) => new()
    {
        Id = id, UnitCode = "que-minh", KpiCode = "sipas", Period = period, Source = source, Value = value,
        UpdatedAt = Now.AddMinutes(-minutesAgo), LastSeenAt = Now,
    };

    [Fact]
    public void A_real_source_wins_over_demo_data_even_when_older()
    {
        var chosen = ReadingSelection.Choose([R(1, "2026-11", Sources.Simulator, 80, 0), R(2, "2026-10", "khao-sat", 91, 60)]);
        Assert.Equal(2, chosen.Id);
    }

    [Fact]
    public void The_latest_period_wins_then_the_latest_update()
    {
        Assert.Equal(2, ReadingSelection.Choose([R(1, "2026-10", "a", 1, 0), R(2, "2026-11", "b", 2, 30)]).Id);
        Assert.Equal(1, ReadingSelection.Choose([R(1, "2026-11", "a", 1, 0), R(2, "2026-11", "b", 2, 30)]).Id);
        // A year ends after its last month.
        Assert.Equal(3, ReadingSelection.Choose([R(1, "2026-11", "a", 1, 0), R(3, "2026", "b", 2, 30)]).Id);
    }
}
