using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// Disbursement in any period is what each project had reported by that period's end, not the year's latest report.
/// Worked by hand:
///   DA1, plan 1.000.000.000: 300.000.000 on 30/06, 600.000.000 on 30/09, 900.000.000 on 25/11.
///   DA2, plan   500.000.000: 100.000.000 on 15/03, 500.000.000 on 20/11.
///   June:      300 + 100 =   400 of 1.500 million = 26,6667%
///   Q3:        600 + 100 =   700 of 1.500 million = 46,6667%
///   November:  900 + 500 = 1.400 of 1.500 million = 93,3333%
///   January:   nothing reported yet: no data, not 0%.
/// </summary>
public sealed class DisbursementPeriodTests
{
    private static readonly UnitDirectory Units = UnitDirectory.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json"));
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));

    private static RecordInput Report(string project, string plan, string disbursed, string day)
    {
        var cells = new Dictionary<string, string?> { ["ma_du_an"] = project, ["ke_hoach_von"] = plan, ["da_giai_ngan"] = disbursed, ["ngay"] = day };
        var (record, problems) = RecordParser.Parse(RecordKinds.Disbursement, 2, name => cells.GetValueOrDefault(name), "que-minh", Units);
        Assert.Empty(problems);
        return record!;
    }

    private static readonly RecordInput[] Reports =
    [
        Report("DA1", "1.000.000.000", "300.000.000", "30/06/2026"),
        Report("DA1", "1.000.000.000", "600.000.000", "30/09/2026"),
        Report("DA1", "1.000.000.000", "900.000.000", "25/11/2026"),
        Report("DA2", "500.000.000", "100.000.000", "15/03/2026"),
        Report("DA2", "500.000.000", "500.000.000", "20/11/2026"),
    ];

    private static decimal? Rate(WindowKind kind, int month)
    {
        var records = UnitRecords.FromRows("que-minh", Reports.Select(r => (r.Kind, r.RecordKey, r.DataJson)));
        var window = ReportingWindow.Containing(kind, CutOff.Calendar, new DateOnly(2026, month, 1));
        return Measures.ComputeAll(records, window, Now)[Measures.Disbursement].Rate;
    }

    [Fact]
    public void Each_dated_report_is_a_record_of_its_own_keyed_by_project_and_day()
    {
        Assert.Equal(["DA1@2026-06-30", "DA1@2026-09-30", "DA1@2026-11-25", "DA2@2026-03-15", "DA2@2026-11-20"], Reports.Select(r => r.RecordKey));
    }

    [Fact]
    public void A_period_reads_what_each_project_had_reported_by_its_end()
    {
        Assert.Equal(26.6667m, Rate(WindowKind.Month, 6));
        Assert.Equal(46.6667m, Rate(WindowKind.Quarter, 8));
        Assert.Equal(93.3333m, Rate(WindowKind.Month, 11));
        Assert.Null(Rate(WindowKind.Month, 1));
    }

    [Fact]
    public void A_project_code_leaves_room_for_the_date_in_the_stored_key()
    {
        var cells = new Dictionary<string, string?>
        {
            ["ma_du_an"] = new string('A', RecordKinds.MaxKeyLength - 10), ["ke_hoach_von"] = "1.000", ["da_giai_ngan"] = "1", ["ngay"] = "30/06/2026",
        };
        var (record, problems) = RecordParser.Parse(RecordKinds.Disbursement, 7, name => cells.GetValueOrDefault(name), "que-minh", Units);
        Assert.Null(record);
        var problem = Assert.Single(problems);
        Assert.Equal((7, "ma_du_an"), (problem.Row, problem.Field));
        Assert.Contains("quá 117 ký tự cho phép", problem.Reason);
    }
}
