using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Components.Records;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The state a record is listed with is its state at the period's end, not today's: a leader looking back at November
/// sees November as it stood on 30/11. "Now" is 10/12/2026 09:00 in Vietnam.
/// </summary>
public sealed class RecordStateTests
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly ReportingWindow November = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 1));
    private static readonly ReportingWindow December = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 12, 1));

    private static long At(int month, int day, int hour) => new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.FromHours(7)).UtcTicks;

    /// <summary>The first instant past a bare due date: the next local midnight.</summary>
    private static long PastDue(int month, int day) => new DateTimeOffset(2026, month, day, 0, 0, 0, TimeSpan.FromHours(7)).AddDays(1).UtcTicks;

    // HS-A: received 20/11, due 03/12, returned 04/12 (a day late). On 30/11 it was in progress and within its deadline.
    // HS-B: received 02/11, due 10/11, returned 20/11: late and finished within November.
    // BC-1: a report due 28/11, sent 02/12: on 30/11 it was overdue and not yet sent.
    private static readonly UnitRecords Records = new("que-minh",
    [
        new DossierFact("HS-A", null, At(11, 20, 8), PastDue(12, 3), At(12, 4, 10), "1.001", Channel.InPerson, false, false, false),
        new DossierFact("HS-B", null, At(11, 2, 8), PastDue(11, 10), At(11, 20, 15), "1.001", Channel.InPerson, false, false, false),
        new ReportFact("BC-1", "Báo cáo tháng 11", null, "2026-11", new DateOnly(2026, 11, 28), PastDue(11, 28), At(12, 2, 9)),
    ]);

    private static Dictionary<string, string> States(string measureCode, ReportingWindow window)
    {
        var measure = Measures.Find(measureCode)!;
        var context = MeasureContext.Of(Records, window, Now);
        var loc = TestLocalizer.Vietnamese();
        return measure.Count(context).ToDictionary(c => ((dynamic)c.Record.Fact).Key as string ?? "?",
            c => RecordView.From(c, measure, Records, Catalog, loc, context.AsOf).State);
    }

    [Fact]
    public void November_lists_a_dossier_returned_late_in_December_as_in_progress_within_its_deadline()
    {
        var november = States(Measures.DossiersLate, November);
        Assert.Equal("Đang giải quyết, còn trong hạn", november["HS-A"]);
        Assert.Equal("Trễ hạn · chưa có thư xin lỗi", november["HS-B"]);

        // December, judged now (10/12): returned on 04/12 after its deadline of 03/12, so late and finished.
        var december = States(Measures.DossiersLate, December);
        Assert.Equal("Trễ hạn · chưa có thư xin lỗi", december["HS-A"]);
        Assert.False(december.ContainsKey("HS-B"));
    }

    [Fact]
    public void November_lists_a_report_sent_in_December_as_overdue_and_not_sent()
    {
        var november = States(Measures.ReportsOnTime, November);
        Assert.Equal("Quá hạn, chưa nộp", november["BC-1"]);
    }
}
