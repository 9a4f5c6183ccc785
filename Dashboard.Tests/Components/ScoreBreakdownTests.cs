using System.Globalization;
using Bunit;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Web.Components.Scores;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public sealed class ScoreBreakdownTests : BunitContext
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private static readonly Rubric Rubric766 = RubricLoader.LoadFile(Path.Combine(Seeds, "rubrics", "qd-766-2022.json"));

    public ScoreBreakdownTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        Services.AddLocalization();
        Services.AddSingleton(Catalog);
    }

    /// <summary>38 of 40 dossiers on time; 18 of 24 paid online; nothing else measured.</summary>
    private static ScoreCard Card() => ScoreCalculator.Score(Rubric766, CriterionScope.Commune, c => c.Code switch
    {
        "TDGQ-1" => new CriterionInput(95, new Measure(Measures.DossiersOnTime, 38, 40, 40, 2)),
        "TTTT-3" => new CriterionInput(75, new Measure(Measures.PaidOnline, 18, 24, 24, 6)),
        _ => new CriterionInput(null, null),
    });

    private IRenderedComponent<ScoreBreakdown> RenderCard() =>
        Render<ScoreBreakdown>(p => p.Add(x => x.Card, Card()).Add(x => x.LinkQuery, "?unit=que-minh&period=month&cutoff=calendar&date=2026-11-27"));

    [Fact]
    public void Each_criterion_shows_its_points_its_loss_and_the_records_that_would_recover_them()
    {
        var cut = RenderCard();
        var tdgq = cut.Find("[data-criterion='TDGQ-1']");
        Assert.Equal("95%", tdgq.QuerySelector("[data-role='measured']")!.TextContent);
        Assert.Equal("19", tdgq.QuerySelector("[data-role='points']")!.TextContent);
        Assert.Equal("−1", tdgq.QuerySelector("[data-role='lost']")!.TextContent);
        var link = tdgq.QuerySelector("[data-role='recovery-link']")!;
        Assert.Equal("2 hồ sơ trễ hạn: −1 điểm", link.TextContent);
        Assert.Equal("/kpi/ho-so-tre-han?unit=que-minh&period=month&cutoff=calendar&date=2026-11-27#records", link.GetAttribute("href"));

        // 6 × 75/80 = 5,625, shown 5,63; the loss is the exact 6 − 5,625 = 0,375, shown 0,38 (it read 0,37 when the points
        // were rounded before the loss was taken). 0,8 × 24 = 19,2 paid are needed, so 2 more of the 6 unpaid reach full points.
        var tttt = cut.Find("[data-criterion='TTTT-3']");
        Assert.Equal("5,63", tttt.QuerySelector("[data-role='points']")!.TextContent);
        Assert.Equal("6 hồ sơ chưa thanh toán trực tuyến: −0,38 điểm (thêm 2 là đạt đủ điểm)",
            tttt.QuerySelector("[data-role='recovery']")!.TextContent.Trim());
    }

    [Fact]
    public void A_measured_value_is_never_shown_rounded_onto_its_target()
    {
        // PAR TTHC-5 "dưới 5% trễ hạn" (strict, target 95% on time): 94,9956% is short of it; two decimals would read
        // "95%" beside lost points, three read 94,996%. (6 × (94,9956 − 80) / 15 = 5,99824 → capped at 5,99 either way.)
        var par = RubricLoader.LoadFile(Path.Combine(Seeds, "rubrics", "par-xa-vi-du-2023.json"));
        var card = ScoreCalculator.Score(par, CriterionScope.Commune, c => c.Code == "TTHC-5" ? new CriterionInput(94.9956m, null) : new CriterionInput(null, null));
        var cut = Render<ScoreBreakdown>(p => p.Add(x => x.Card, card));

        var tthc5 = cut.Find("[data-criterion='TTHC-5']");
        Assert.Equal("94,996%", tthc5.QuerySelector("[data-role='measured']")!.TextContent);
        Assert.Equal("5,99", tthc5.QuerySelector("[data-role='points']")!.TextContent);
    }

    [Fact]
    public void Criteria_without_data_and_province_criteria_are_shown_as_such_never_as_zero()
    {
        var cut = RenderCard();
        var mdsh = cut.Find("[data-criterion='MDSH-1']");
        Assert.Equal("false", mdsh.GetAttribute("data-has-data"));
        Assert.Equal("chưa có dữ liệu", mdsh.QuerySelector("[data-role='points']")!.TextContent);
        Assert.Equal("", mdsh.QuerySelector("[data-role='lost']")!.TextContent);

        var province = cut.Find("[data-criterion='CKMB-1']");
        Assert.Contains("cấp tỉnh", province.TextContent);
        Assert.Equal("", province.QuerySelector("[data-role='points']")!.TextContent);

        // Group totals: TDGQ 19 of 20; CKMB has nothing measured.
        Assert.Equal("19", cut.Find("[data-group='TDGQ'] [data-role='group-points']").TextContent);
        Assert.Equal("—", cut.Find("[data-group='CKMB'] [data-role='group-points']").TextContent);
    }
}
