using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// A count the plan sets for a year (≥ 24 articles a year, amber 12) is judged in a shorter period against that period's
/// share of the year, to a whole count, and its figure is what was counted in the period. Worked by hand (2026 has 365 days):
///   November (30 days):      24 × 30/365  = 1,97  → 2;   amber 12 × 30/365 = 0,99 → 1
///   February (28 days):      24 × 28/365  = 1,84  → 2
///   1/1–27/11 (331 days):    24 × 331/365 = 21,76 → 22;  amber 12 × 331/365 = 10,88 → 11
///   the year:                24
/// </summary>
public sealed class YearlyTargetTests
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
    private static readonly KpiDefinition Articles = Catalog.Find("tin-bai-cong-ttdt")!;
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(7));

    private static ReportingWindow Window(WindowKind kind, int month, int day = 1) =>
        ReportingWindow.Containing(kind, CutOff.Calendar, new DateOnly(2026, month, day));

    [Fact]
    public void The_plan_catalog_sets_the_articles_target_per_year_and_marks_it_the_communes_own()
    {
        Assert.Equal(new Target(TargetOperator.Ge, 24, PerYear: true, CommuneOwn: true), Articles.Target);
        Assert.True(Catalog.Find("theo-doi-thi-hanh-phap-luat")!.Target!.PerYear);
        Assert.False(Catalog.Find("theo-doi-thi-hanh-phap-luat")!.Target!.CommuneOwn);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-12-01", 24, 2)]
    [InlineData("2026-02-01", "2026-03-01", 24, 2)]
    [InlineData("2026-01-01", "2026-11-28", 24, 22)]
    [InlineData("2026-01-01", "2027-01-01", 24, 24)]
    [InlineData("2026-11-01", "2026-12-01", 12, 1)]
    [InlineData("2026-01-01", "2026-11-28", 12, 11)]
    [InlineData("2026-11-01", "2026-12-01", 0, 0)]
    public void A_yearly_count_is_pro_rated_to_the_periods_days_in_its_year(string start, string end, int yearly, int expected)
    {
        Assert.Equal(expected, Target.ProRated(yearly, DateOnly.Parse(start), DateOnly.Parse(end)));
    }

    [Theory]
    [InlineData(3, KpiStatus.Met)]      // ≥ 2
    [InlineData(2, KpiStatus.Met)]
    [InlineData(1, KpiStatus.Warning)]  // ≥ amber 1
    [InlineData(0, KpiStatus.NotMet)]
    public void A_months_articles_are_judged_against_the_months_share_not_the_whole_year(int articles, KpiStatus expected)
    {
        // Before: 3 articles in November against "≥ 24" read "Không đạt" every month.
        var november = Window(WindowKind.Month, 11);
        Assert.Equal(expected, StatusRules.Evaluate(articles, Articles.Target, Articles.Amber, november.Start, november.End));
    }

    [Fact]
    public void The_year_to_date_sums_the_monthly_counts_and_is_judged_against_the_pro_rated_target()
    {
        // Monthly counts sent by the portal: 2 a month January–October (20), 3 in November = 23; the quarterly report for
        // Q1 (6) repeats January–March and is not added again; a demo reading is ignored beside the real ones.
        var readings = Enumerable.Range(1, 10).Select(m => Reading($"2026-{m:00}", 2))
            .Append(Reading("2026-11", 3)).Append(Reading("2026-Q1", 6)).Append(Reading("2026-11", 40, Sources.Simulator));
        var book = new ReadingBook(readings);
        var records = UnitRecords.Empty("que-minh");

        var ytd = Figures.Of(Articles, records, book, Window(WindowKind.YearToDate, 11, 27), Now);
        Assert.Equal(23, ytd.Value);
        Assert.Equal(22, ytd.Target!.Value);      // 1/1–27/11: 22 of 24
        Assert.Equal(KpiStatus.Met, ytd.Status);

        var november = Figures.Of(Articles, records, book, Window(WindowKind.Month, 11), Now);
        Assert.Equal(3, november.Value);
        Assert.Equal(KpiStatus.Met, november.Status);

        var q1 = Figures.Of(Articles, records, book, Window(WindowKind.Quarter, 2), Now);
        Assert.Equal(6, q1.Value);                // the quarter's own report
        Assert.Equal(6, q1.Target!.Value);        // 24 × 90/365 = 5,92 → 6

        // A source that reports only the year so far (the demo does): the year to date is that reading, a month unknown.
        var yearOnly = new ReadingBook([Reading("2026", 19)]);
        Assert.Equal(19, Figures.Of(Articles, records, yearOnly, Window(WindowKind.YearToDate, 11, 27), Now).Value);
        Assert.Equal(KpiStatus.Warning, Figures.Of(Articles, records, yearOnly, Window(WindowKind.YearToDate, 11, 27), Now).Status); // 19 < 22, ≥ 11
        Assert.Null(Figures.Of(Articles, records, yearOnly, Window(WindowKind.Month, 11), Now).Value);

        var december = Figures.Of(Articles, records, book, Window(WindowKind.Month, 12), Now);
        Assert.Null(december.Value);
        Assert.Equal(KpiStatus.NoData, december.Status);
    }

    private static Reading Reading(string period, decimal value, string source = "cong-ttdt") =>
        new() { UnitCode = "que-minh", KpiCode = "tin-bai-cong-ttdt", Period = period, Source = source, Value = value };
}
