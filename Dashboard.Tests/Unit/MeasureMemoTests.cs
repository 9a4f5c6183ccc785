using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// A unit's records compute each measure once per window and instant (a recompute asks for it from a KPI and from the
/// criteria of two rubrics). Remembering must never change a figure: a later instant, another window or new records
/// are computed afresh. Worked by hand: five dossiers received 02/12/2026 08:00, due 03/12 (past due from 04/12 00:00),
/// none returned; on 03/12 at 10:00 none is late (0%), on 05/12 at 09:00 all five are (100%).
/// </summary>
public sealed class MeasureMemoTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static readonly MeasureDefinition Late = Measures.Find(Measures.DossiersLate)!;

    private static UnitRecords FiveOpen() => new("que-minh", Enumerable.Range(1, 5).Select(i => new DossierFact(
        $"HS-{i}", null, new DateTimeOffset(2026, 12, 2, 8, 0, 0, Vietnam).UtcTicks, new DateTimeOffset(2026, 12, 4, 0, 0, 0, Vietnam).UtcTicks,
        long.MaxValue, "1.001", Channel.InPerson, false, false, false)));

    private static readonly ReportingWindow December = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 12, 5));
    private static readonly ReportingWindow November = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 5));

    [Fact]
    public void The_same_records_give_the_figure_of_each_instant_not_the_first_one_remembered()
    {
        var records = FiveOpen();
        var third = new DateTimeOffset(2026, 12, 3, 10, 0, 0, Vietnam);
        var fifth = new DateTimeOffset(2026, 12, 5, 9, 0, 0, Vietnam);

        Assert.Equal(0m, records.Measure(Late, December, third).Rate);
        Assert.Equal(100m, records.Measure(Late, December, fifth).Rate);
        // Asked again: the same answers, and the same objects (computed once).
        Assert.Same(records.Measure(Late, December, third), records.Measure(Late, December, third));
        Assert.Equal(0m, records.Measure(Late, December, third).Rate);
        // Another window: November saw none of them.
        Assert.Null(records.Measure(Late, November, fifth).Rate);
    }

    [Fact]
    public void Every_measure_remembered_equals_the_measure_computed_directly_and_a_copy_starts_afresh()
    {
        var records = FiveOpen();
        var now = new DateTimeOffset(2026, 12, 5, 9, 0, 0, Vietnam);
        foreach (var definition in Measures.All)
        {
            var direct = Measures.Compute(definition, MeasureContext.Of(records, December, now));
            Assert.Equal(direct, records.Measure(definition, December, now));
            Assert.Equal(direct, records.Measure(definition, December, now));
        }
        var copy = records.Copy();
        Assert.NotSame(records.Measure(Late, December, now), copy.Measure(Late, December, now));
        Assert.Equal(records.Measure(Late, December, now), copy.Measure(Late, December, now));
    }
}
