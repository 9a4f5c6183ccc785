using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The rules that decide whether and how a rubric is scored (issue 17): the minimum coverage before a score, band and rank
/// are given, where the feedback "spread" fires, exact points rounded once, and readings that must lie in the scored period.
/// Every expected value is worked out by hand in the comments.
/// </summary>
public sealed class ScoreRulesTests
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private static readonly Rubric Rubric766 = RubricLoader.LoadFile(Path.Combine(Seeds, "rubrics", "qd-766-2022.json"));
    private static readonly Rubric Par = RubricLoader.LoadFile(Path.Combine(Seeds, "rubrics", "par-xa-vi-du-2023.json"));
    private static readonly CoverageRule Default = new(0.5m, 10);

    private static ScoreCard Score(Rubric rubric, CoverageRule minimum, params (string Code, decimal Value, Measure? Measure)[] inputs) =>
        ScoreCalculator.Score(rubric, CriterionScope.Commune, c => inputs.FirstOrDefault(i => i.Code == c.Code) is { Code: not null } i
            ? new CriterionInput(i.Value, i.Measure)
            : new CriterionInput(null, null), minimum);

    private static Measure Count(string code, int hits, int total) => new(code, hits, total, total, total - hits);

    [Fact]
    public void One_criterion_of_many_measured_gets_no_score_band_or_rank()
    {
        // The PAR example: only TTHC-1 (3 points) measured, 20 of 20 procedures published. Before the minimum this scored
        // 3 / 3 × 100 = 100, "Xuất sắc", and ranked first. Measured 3 of 100 points = 3% < 50%: not graded.
        var card = Score(Par, Default, ("TTHC-1", 100, Count(Measures.ProceduresPublished, 20, 20)));

        Assert.Equal(3m, card.Points);
        Assert.Equal(3m, card.MaxWithData);
        Assert.Equal(0.03m, card.Coverage);
        Assert.Equal(20, card.Records);
        Assert.False(card.Graded);
        Assert.Null(card.Score100);
        Assert.Null(card.Band);
        // Without a minimum the same card reads 100: the rule is what withholds it.
        Assert.Equal(100m, Score(Par, CoverageRule.None, ("TTHC-1", 100, Count(Measures.ProceduresPublished, 20, 20))).Score100);
    }

    [Fact]
    public void Half_the_points_measured_from_enough_records_is_graded()
    {
        // Decision 766 for a commune: TDGQ-1 (20) at 38/40 → 19; CLGQ-1 (12) at 5/10 → 6; no feedback at all, so MDHL-1
        // and MDHL-2 give their 12 points to MDHL-3, whose 92% ≥ 90% earns all 18. Measured 20 + 12 + 18 = 50 of 100 = 50%
        // (the minimum is inclusive); records 40 + 10 = 50 ≥ 10. Score 43 / 50 × 100 = 86 → "Tốt".
        var card = Score(Rubric766, Default,
            ("TDGQ-1", 95, Count(Measures.DossiersOnTime, 38, 40)),
            ("CLGQ-1", 50, Count(Measures.EndToEndOfEligible, 5, 10)),
            ("MDHL-3", 92, null));

        Assert.Equal(43m, card.Points);
        Assert.Equal(50m, card.MaxWithData);
        Assert.Equal(0.5m, card.Coverage);
        Assert.Equal(50, card.Records);
        Assert.True(card.Graded);
        Assert.Equal(86m, card.Score100);
        Assert.Equal("tot", card.Band!.Code);
    }

    [Fact]
    public void Enough_points_on_too_few_records_is_not_graded()
    {
        // Same criteria, but 4 of 5 dossiers on time (16 points) and 1 of 2 eligible end-to-end (6 points): 50% of the
        // points measured, from 5 + 2 = 7 records < 10. A reading (SIPAS) has no records behind it here.
        var card = Score(Rubric766, Default,
            ("TDGQ-1", 80, Count(Measures.DossiersOnTime, 4, 5)),
            ("CLGQ-1", 50, Count(Measures.EndToEndOfEligible, 1, 2)),
            ("MDHL-3", 92, null));

        Assert.Equal(0.5m, card.Coverage);
        Assert.Equal(7, card.Records);
        Assert.False(card.Graded);
        Assert.Null(card.Score100);
    }

    [Fact]
    public void Only_graded_units_are_ranked()
    {
        AdminUnit Unit(string code) => new(code, UnitKind.Commune, "que-son", new LocalizedText(code, code));
        // a: CKMB-3 alone, 2 of 100 points, scores 100 without the minimum but is not graded. b: graded 86 (as above).
        // c: TDGQ 20/20, CLGQ 12/12, MDHL-3 18/18 (with the feedback points) → 50 of 50 → 100. Before, a tied c for first.
        var rows = Scoreboard.RankCards(Rubric766,
        [
            (Unit("a"), Score(Rubric766, Default, ("CKMB-3", 100, Count(Measures.ProceduresPublished, 20, 20)))),
            (Unit("b"), Score(Rubric766, Default, ("TDGQ-1", 95, Count(Measures.DossiersOnTime, 38, 40)),
                ("CLGQ-1", 50, Count(Measures.EndToEndOfEligible, 5, 10)), ("MDHL-3", 92, null))),
            (Unit("c"), Score(Rubric766, Default, ("TDGQ-1", 100, Count(Measures.DossiersOnTime, 40, 40)),
                ("CLGQ-1", 100, Count(Measures.EndToEndOfEligible, 10, 10)), ("MDHL-3", 95, null))),
        ]);

        Assert.Equal(["c", "b", "a"], rows.Select(r => r.Unit.Code));
        Assert.Equal([1, 2, null], rows.Select(r => r.Rank));
        Assert.Equal([100m, 86m, null], rows.Select(r => r.Value));
        Assert.Null(rows[2].Band);
    }

    [Fact]
    public void Feedback_without_satisfaction_ratings_does_not_spread_its_points()
    {
        // There is feedback (MDHL-1: 3 of 4 on time → 6 × 75% = 4.5) but none rated yet (MDHL-2 no data). The spread is
        // for "no feedback at all": MDHL-2 keeps its 6 points, unmeasured; MDHL-3 stays at 6 (92% ≥ 90% → 6), not 12.
        var card = Score(Rubric766, CoverageRule.None,
            ("MDHL-1", 75, Count(Measures.FeedbackOnTime, 3, 4)),
            ("MDHL-3", 92, null));
        var mdhl = card.Groups.Single(g => g.Group.Code == "MDHL");

        Assert.Equal([6m, 6m, 6m], mdhl.Criteria.Select(c => c.MaxPoints));
        Assert.Equal([4.5m, null, 6m], mdhl.Criteria.Select(c => c.Points));
        Assert.Equal(10.5m, mdhl.Points);
        Assert.Equal(12m, mdhl.MaxWithData);
    }

    [Fact]
    public void Criterion_points_are_summed_exactly_and_the_score_rounded_once()
    {
        // TDGQ-1: 20 × 95,125% = 19,025; TTTT-3: 6 × 75/80 = 5,625. Exact sum 24,65 of 26 measured:
        // 24,65 / 26 × 100 = 94,8077 → 94,81. Rounding each criterion first gave 19,03 + 5,63 = 24,66 → 94,85.
        var card = Score(Rubric766, CoverageRule.None,
            ("TDGQ-1", 95.125m, null),
            ("TTTT-3", 75, null));

        Assert.Equal(19.025m, card.Criteria.Single(c => c.Criterion.Code == "TDGQ-1").Points);
        Assert.Equal(5.625m, card.Criteria.Single(c => c.Criterion.Code == "TTTT-3").Points);
        Assert.Equal(24.65m, card.Points);
        Assert.Equal(26m, card.MaxWithData);
        Assert.Equal(94.81m, card.Score100);
    }

    [Fact]
    public void Exactly_five_percent_late_misses_full_points_and_one_more_on_time_dossier_recovers_them()
    {
        // PAR TTHC-5 "trễ hạn dưới 5%" (between 80 and 95% on time, strict): 38 of 40 on time is exactly 5% late → 5,99 of 6.
        // Passing 95% needs more than 0,95 × 40 = 38 on time: 39, so 1 of the 2 late dossiers.
        var card = Score(Par, CoverageRule.None, ("TTHC-5", 95, Count(Measures.DossiersOnTime, 38, 40)));
        var tthc5 = card.Criteria.Single(c => c.Criterion.Code == "TTHC-5");

        Assert.Equal(5.99m, tthc5.Points);
        Assert.Equal(0.01m, tthc5.Lost);
        Assert.Equal(1, tthc5.RecordsToFull);
    }

    [Fact]
    public void A_reading_scored_by_a_rubric_must_lie_in_the_scored_period()
    {
        var criterion = Rubric766.Criteria.Single(c => c.Code == "MDHL-3");
        var none = UnitRecords.FromRows("que-minh", []);
        var now = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        var yearly = new ReadingBook([new Reading { UnitCode = "que-minh", KpiCode = "sipas", Period = "2026", Source = "manual", Value = 92 }]);
        var november = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 1));
        var year = ReportingWindow.Containing(WindowKind.Year, CutOff.Calendar, new DateOnly(2026, 11, 1));

        // The yearly survey is not November's figure: no data for the month (it used to give 18 points every month).
        Assert.Null(Figures.Input(criterion, Catalog, none, yearly, november, now).Value);
        // It is the year's.
        Assert.Equal(92m, Figures.Input(criterion, Catalog, none, yearly, year, now).Value);
        // A KPI page still shows the survey that covers the month (labelled with its period); only scoring is strict.
        Assert.Equal(92m, Figures.Of(Catalog.Find("sipas")!, none, yearly, november, now).Value);
        // A monthly reading lies in the year: the latest one speaks for it.
        var monthly = new ReadingBook(
        [
            new Reading { UnitCode = "que-minh", KpiCode = "sipas", Period = "2026-10", Source = "manual", Value = 80 },
            new Reading { UnitCode = "que-minh", KpiCode = "sipas", Period = "2026-11", Source = "manual", Value = 85 },
        ]);
        Assert.Equal(85m, Figures.Input(criterion, Catalog, none, monthly, year, now).Value);
    }
}
