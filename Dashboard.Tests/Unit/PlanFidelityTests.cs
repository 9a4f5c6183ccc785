using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Components.Records;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The procedure KPIs as the plan words them (section 3.2):
///   "Niêm yết đầy đủ 100% số TTHC … trên Cổng TTĐT và tại Bộ phận TN&amp;TKQ" — on the portal AND at the desk;
///   "100% số TTHC … được tiếp nhận và trả kết quả … tại Bộ phận Một cửa" — received and returned at the desk.
/// Worked by hand over four procedures:
///   A portal ✓ desk ✓ received at the desk ✓
///   B portal ✓ desk ✗ received at the desk ✓
///   C portal ✗ desk ✓ received at the desk ✗
///   D portal ✓ desk ✓ stored before the field existed (not counted for the desk KPI)
///   tthc-niem-yet: A, D of 4 = 50%   (portal alone, as before, would read A, B, D = 75%)
///   tthc-mot-cua:  A, B of 3 = 66,6667%   (listed at the desk, as before, would read A, C, D = 75%)
/// </summary>
public sealed class PlanFidelityTests
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(7));
    private static readonly ReportingWindow November = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 1));

    private static (string, string, string) Procedure(string key, bool portal, bool desk, bool? receivedAtDesk)
    {
        var json = new JsonObject { ["ma_thu_tuc"] = key, ["ten_thu_tuc"] = "Thủ tục " + key, ["niem_yet_cong"] = portal, ["niem_yet_mot_cua"] = desk };
        if (receivedAtDesk is { } r) json["tiep_nhan_mot_cua"] = r;
        return ("procedure", key, json.ToJsonString());
    }

    private static readonly UnitRecords Records = UnitRecords.FromRows("que-minh",
    [
        Procedure("A", portal: true, desk: true, receivedAtDesk: true),
        Procedure("B", portal: true, desk: false, receivedAtDesk: true),
        Procedure("C", portal: false, desk: true, receivedAtDesk: false),
        Procedure("D", portal: true, desk: true, receivedAtDesk: null),
    ]);

    [Fact]
    public void Published_counts_the_portal_and_the_desk_and_one_stop_counts_where_dossiers_are_received()
    {
        var measures = Measures.ComputeAll(Records, November, Now);
        Assert.Equal(50m, measures[Measures.ProceduresPublished].Rate);
        Assert.Equal((3, 1), (measures[Measures.ProceduresOneStop].Records, measures[Measures.ProceduresOneStop].Failing));
        Assert.Equal(66.6667m, measures[Measures.ProceduresOneStop].Rate);
    }

    [Fact]
    public void A_procedure_short_of_the_target_says_which_place_it_is_missing_from()
    {
        var loc = TestLocalizer.Vietnamese();
        var context = MeasureContext.Of(Records, November, Now);
        string State(string measureCode, string key)
        {
            var measure = Measures.Find(measureCode)!;
            var counted = measure.Count(context).Single(c => ((ProcedureFact)c.Record.Fact).Key == key);
            return RecordView.From(counted, measure, Records, Catalog, loc, context.AsOf).State;
        }

        Assert.Equal("Chưa niêm yết tại Bộ phận một cửa", State(Measures.ProceduresPublished, "B"));
        Assert.Equal("Chưa công khai trên Cổng", State(Measures.ProceduresPublished, "C"));
        Assert.Equal("Chưa tiếp nhận, trả kết quả tại Bộ phận một cửa", State(Measures.ProceduresOneStop, "C"));
    }
}
