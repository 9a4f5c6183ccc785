using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// Every KPI has one default period (issue 17): the year to date, or the whole last year while the new year's first month
/// has not closed; and a share of fewer than 5 records is "not enough data", never met or not met. Worked by hand, on
/// Saturday 5 December 2026:
///   Jan–Nov: 198 dossiers received on the 5th, due the 15th; 3 of them returned on the 20th (late), 195 on the 10th.
///   December: HS-D1 received 01/12, due 03/12, still open (late since 04/12); HS-D2 received 02/12, due 20/12, open.
///   Year to date (01/01–05/12): 200 open in it, 4 late → 4/200 = 2% → "Đạt" (&lt; 5).
///   December alone: 2 open, 1 late → 50%, from 2 dossiers → "Chưa đủ dữ liệu" (fewer than 5), not "Không đạt".
/// </summary>
public sealed class DefaultPeriodTests
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
    private static readonly KpiDefinition Late = Catalog.Find("ho-so-tre-han")!;
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static long At(int month, int day) => new DateTimeOffset(2026, month, day, 8, 0, 0, TimeSpan.FromHours(7)).UtcTicks;
    private static long PastDue(int month, int day) => new DateTimeOffset(2026, month, day, 0, 0, 0, TimeSpan.FromHours(7)).AddDays(1).UtcTicks;

    private static DossierFact Dossier(string key, long received, long pastDue, long finished = long.MaxValue) =>
        new(key, null, received, pastDue, finished, "1.001", Channel.InPerson, false, false, false);

    private static IEnumerable<DossierFact> JanuaryToNovember() =>
        Enumerable.Range(0, 198).Select(i =>
        {
            var month = 1 + i % 11;
            return Dossier($"HS-{i:000}", At(month, 5), PastDue(month, 15), i < 3 ? At(month, 20) : At(month, 10));
        });

    private static readonly DossierFact[] December = [Dossier("HS-D1", At(12, 1), PastDue(12, 3)), Dossier("HS-D2", At(12, 2), PastDue(12, 20))];

    private static UnitRecords Records(IEnumerable<DossierFact> dossiers) => new("que-minh", dossiers);

    [Fact]
    public void On_5_December_the_late_dossiers_are_2_percent_of_the_year_to_date_and_met()
    {
        var window = KpiWindows.Default(Late.Window, CutOff.Calendar, Today);

        var figure = Figures.Of(Late, Records(JanuaryToNovember().Concat(December)), ReadingBook.Empty, window, Now);

        Assert.Equal(WindowKind.YearToDate, window.Kind);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 5)), (window.Start, window.LastDay));
        Assert.Equal("2026", window.PeriodKey);
        Assert.Equal(200, figure.Measure!.Records);
        Assert.Equal(2m, figure.Value);
        Assert.False(figure.Insufficient);
        Assert.Equal(KpiStatus.Met, figure.Status);
    }

    [Fact]
    public void December_alone_is_two_dossiers_and_not_enough_data_rather_than_50_percent_not_met()
    {
        var december = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, Today);

        var figure = Figures.Of(Late, Records(JanuaryToNovember().Concat(December)), ReadingBook.Empty, december, Now);

        Assert.Equal(50m, figure.Value);
        Assert.Equal(2, figure.Measure!.Records);
        Assert.True(figure.Insufficient);
        Assert.Equal(KpiStatus.NoData, figure.Status);
    }

    [Fact]
    public void A_month_with_only_one_overdue_open_dossier_is_not_a_100_percent_collapse()
    {
        // The case: on 5 December the month holds one dossier, open and past its deadline.
        var december = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, Today);

        var figure = Figures.Of(Late, Records([December[0]]), ReadingBook.Empty, december, Now);

        Assert.Equal(100m, figure.Value);
        Assert.True(figure.Insufficient);
        Assert.Equal(KpiStatus.NoData, figure.Status);
    }

    [Theory]
    [InlineData(4, true, KpiStatus.NoData)]   // 1 late of 4 = 25%: too few to judge
    [InlineData(5, false, KpiStatus.NotMet)]  // 1 late of 5 = 20% > amber 10: judged
    public void Five_records_are_enough_to_judge_a_share(int dossiers, bool insufficient, KpiStatus expected)
    {
        var december = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, Today);
        var onTime = Enumerable.Range(1, dossiers - 1).Select(i => Dossier($"HS-T{i}", At(12, 1), PastDue(12, 20)));

        var figure = Figures.Of(Late, Records(onTime.Prepend(December[0])), ReadingBook.Empty, december, Now);

        Assert.Equal(100m / dossiers, figure.Value);
        Assert.Equal(insufficient, figure.Insufficient);
        Assert.Equal(expected, figure.Status);
    }

    [Fact]
    public void One_late_dossier_without_an_apology_letter_is_judged_however_few_late_dossiers_there_are()
    {
        // Few late dossiers is good news, not a small sample: the apology share has no minimum.
        var figure = Figures.Of(Catalog.Find("ho-so-tre-han-xin-loi")!, Records([December[0]]), ReadingBook.Empty,
            ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, Today), Now);

        Assert.Equal(0m, figure.Value);
        Assert.False(figure.Insufficient);
        Assert.Equal(KpiStatus.NotMet, figure.Status);
    }

    [Theory]
    // Until the new year's first month has closed, the default is the whole previous year.
    [InlineData("2027-01-01", WindowKind.Year, "2026-01-01", "2026-12-31", "2026")]
    [InlineData("2027-01-31", WindowKind.Year, "2026-01-01", "2026-12-31", "2026")]
    [InlineData("2027-02-01", WindowKind.YearToDate, "2027-01-01", "2027-02-01", "2027")]
    [InlineData("2026-12-05", WindowKind.YearToDate, "2026-01-01", "2026-12-05", "2026")]
    [InlineData("2026-12-31", WindowKind.YearToDate, "2026-01-01", "2026-12-31", "2026")]
    public void In_January_a_year_to_date_kpi_shows_the_whole_last_year(string today, WindowKind kind, string first, string last, string key)
    {
        var window = KpiWindows.Default(WindowKind.YearToDate, CutOff.Calendar, DateOnly.Parse(today));

        Assert.Equal(kind, window.Kind);
        Assert.Equal(DateOnly.Parse(first), window.Start);
        Assert.Equal(DateOnly.Parse(last), window.LastDay);
        Assert.Equal(key, window.PeriodKey);
    }

    [Fact]
    public void On_the_administrative_cycle_the_new_year_to_date_starts_once_its_first_month_ends_on_14_January()
    {
        // The administrative year 2027 runs from 15/12/2026; its first month ends on 14/01/2027.
        var early = KpiWindows.Default(WindowKind.YearToDate, CutOff.Administrative, new DateOnly(2027, 1, 14));
        var later = KpiWindows.Default(WindowKind.YearToDate, CutOff.Administrative, new DateOnly(2027, 1, 15));

        Assert.Equal((WindowKind.Year, new DateOnly(2025, 12, 15), new DateOnly(2026, 12, 14)), (early.Kind, early.Start, early.LastDay));
        Assert.Equal((WindowKind.YearToDate, new DateOnly(2026, 12, 15), new DateOnly(2027, 1, 15)), (later.Kind, later.Start, later.LastDay));
    }

    [Theory]
    [InlineData(WindowKind.Year, "2026-12-05", WindowKind.Year, "2026-01-01", "2026-12-31")]
    [InlineData(WindowKind.Month, "2026-12-05", WindowKind.Month, "2026-12-01", "2026-12-31")]
    [InlineData(WindowKind.Year, "2027-01-10", WindowKind.Year, "2027-01-01", "2027-12-31")]
    public void Other_windows_are_the_one_that_contains_today(WindowKind kpiWindow, string today, WindowKind kind, string first, string last)
    {
        var window = KpiWindows.Default(kpiWindow, CutOff.Calendar, DateOnly.Parse(today));

        Assert.Equal((kind, DateOnly.Parse(first), DateOnly.Parse(last)), (window.Kind, window.Start, window.LastDay));
    }
}
