using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Reports;

/// <summary>Everything <c>/scores</c> shows for one rubric, unit and window; the page, the A4 page and the XLSX share it.</summary>
public sealed record ScoreReport(
    Rubric Rubric,
    AdminUnit Unit,
    PeriodChoice Choice,
    ScoreCard Card,
    IReadOnlyList<RankRow> Ranking,
    IReadOnlyList<PublishedRank> Published,
    DateTimeOffset ComputedAt,
    bool Demo = false)
{
    public RankRow? Own => Ranking.FirstOrDefault(r => r.Unit.Code == Unit.Code);

    public static async Task<ScoreReport> BuildAsync(Scoreboard board, IDbContextFactory<DashboardDbContext> dbFactory, Rubric rubric,
        AdminUnit unit, PeriodChoice choice, IReadOnlySet<string> visible, CancellationToken ct = default)
    {
        var window = choice.Window;
        var card = await board.ScoreAsync(unit.Code, rubric, window, ct);
        var ranking = KpiReport.Hide(await board.RankScoresAsync(unit.Code, rubric, window, ct), visible);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var published = await db.PublishedRanks.AsNoTracking()
            .Where(p => p.UnitCode == unit.Code && p.RubricCode == rubric.Code)
            .OrderByDescending(p => p.Year).ToListAsync(ct);
        return new ScoreReport(rubric, unit, choice, card, ranking, published, board.Now, await board.ShowsDemoAsync(unit.Code, ct));
    }
}

/// <summary>How a score reads: points in vi-VN, and what a criterion is losing and what would recover it.</summary>
public static class ScoreText
{
    public static string Points(decimal? points) => points is { } p ? p.ToString("#,##0.##", KpiFormat.Vi) : "—";

    /// <summary>The score, or "—" when the unit is not graded (too little measured).</summary>
    public static string Score(ScoreCard card) => Points(card.Score100);

    /// <summary>The band, or "Chưa đủ dữ liệu để xếp loại" when too little was measured to grade.</summary>
    public static string Band(ScoreCard card, IStringLocalizer<Strings> loc) => card.Band?.Name.Current ?? loc[nameof(Strings.ScoreNotGraded)];

    /// <summary>"Đã đo 12/100 điểm (12%)": the rubric's points whose criteria have data.</summary>
    public static string Coverage(ScoreCard card, IStringLocalizer<Strings> loc) =>
        string.Format(loc[nameof(Strings.ScoreCoverage)], Points(card.MaxWithData), Points(card.Rubric.MaxPoints),
            Share(card.Coverage * 100, (card.Minimum ?? CoverageRule.None).MinCoverage * 100));

    /// <summary>"Đã đo 12/100 điểm (12%) · 8 bản ghi".</summary>
    public static string CoverageWithRecords(ScoreCard card, IStringLocalizer<Strings> loc) =>
        $"{Coverage(card, loc)} · {string.Format(loc[nameof(Strings.ScoreRecordsBehind)], card.Records.ToString("#,##0", KpiFormat.Vi))}";

    /// <summary>"Chỉ xếp loại… ít nhất 50% số điểm và… 10 bản ghi."</summary>
    public static string GradingRule(ScoreCard card, IStringLocalizer<Strings> loc)
    {
        var minimum = card.Minimum ?? CoverageRule.None;
        return string.Format(loc[nameof(Strings.ScoreGradingRule)], (minimum.MinCoverage * 100).ToString("#,##0.##", KpiFormat.Vi),
            minimum.MinRecords.ToString("#,##0", KpiFormat.Vi));
    }

    /// <summary>"Tháng 11/2026 (01/11/2026 – 30/11/2026)": the period a score was computed over, so two scores can be told apart.</summary>
    public static string Period(ReportingWindow window, IStringLocalizer<Strings> loc) =>
        $"{PeriodChoice.Label(window, loc)} ({PeriodChoice.Range(window)})";

    /// <summary>A whole percentage, with decimals only when rounding would carry it across the minimum (49,6% is not "50%").</summary>
    private static string Share(decimal percent, decimal minimum)
    {
        for (var decimals = 0; decimals < 8; decimals++)
        {
            var shown = Math.Round(percent, decimals, MidpointRounding.AwayFromZero);
            if (shown >= minimum == percent >= minimum) return shown.ToString(decimals == 0 ? "#,##0" : "#,##0." + new string('#', decimals), KpiFormat.Vi);
        }
        return percent.ToString("#,##0.########", KpiFormat.Vi);
    }

    /// <summary>"−1,2": points lost, with a true minus sign.</summary>
    public static string Lost(decimal lost) => "−" + lost.ToString("#,##0.##", KpiFormat.Vi);

    /// <summary>A rate to 2 decimals, with more when rounding would carry it onto or across one of the boundaries (a rule's target or floor).</summary>
    public static string Rate(decimal? rate, params decimal?[] boundaries)
    {
        if (rate is not { } r) return "—";
        for (var decimals = 2; decimals < 10; decimals++)
        {
            var shown = Math.Round(r, decimals, MidpointRounding.AwayFromZero);
            if (boundaries.All(b => b is not { } v || Math.Sign(r - v) == Math.Sign(shown - v)))
                return shown.ToString("#,##0." + new string('#', decimals), KpiFormat.Vi) + "%";
        }
        return r.ToString("#,##0.##########", KpiFormat.Vi) + "%";
    }

    /// <summary>The value a criterion is measured at, in the unit of its KPI (a count stays a count), never rounded across its rule's target.</summary>
    public static string Value(CriterionScore s, KpiCatalog catalog, IStringLocalizer<Strings> loc) =>
        s.Criterion.Kpi is { } code && catalog.Find(code) is { } kpi && kpi.Unit != KpiUnit.Percent
            ? KpiFormat.Value(kpi, s.Value, loc)
            : Rate(s.Value, s.Criterion.Rule.FullPointsAt, s.Criterion.Rule.Floor, s.Criterion.Rule.Threshold);

    /// <summary>"4 hồ sơ trễ hạn chưa có thư xin lỗi: −1,2 điểm", and how many would reach full points when that is fewer.</summary>
    public static string? Recovery(CriterionScore s, IStringLocalizer<Strings> loc)
    {
        if (s.Lost is not { } lost || lost <= 0) return null;
        var points = string.Format(loc[nameof(Strings.PointsLost)], Points(lost));
        if (s.Measure is not { Failing: > 0 } m || Phrase(m.Code) is not { } phrase) return points;
        var text = $"{string.Format(loc[phrase], m.Failing)}: {points}";
        if (s.RecordsToFull is { } needed && needed > 0 && needed < m.Failing)
            text += " " + string.Format(loc[nameof(Strings.NeededForFull)], needed);
        return text;
    }

    /// <summary>The KPI whose page lists the records a criterion is losing points on.</summary>
    public static string? DrillKpi(Criterion c) => c.Kpi ?? c.Measure switch
    {
        Measures.DossiersOnTime => "ho-so-tre-han",
        Measures.EndToEndOfEligible => "ho-so-toan-trinh",
        Measures.FeedbackSatisfaction => "pakn-xu-ly",
        { } code => Measures.Find(code)?.Kpi,
        null => null,
    };

    private static string? Phrase(string measure) => measure switch
    {
        Measures.DossiersOnTime or Measures.DossiersLate => nameof(Strings.FailingLateDossiers),
        Measures.LateWithApology => nameof(Strings.FailingNoApology),
        Measures.ReceivedOnline => nameof(Strings.FailingNotOnline),
        Measures.ReceivedEndToEnd or Measures.EndToEndOfEligible => nameof(Strings.FailingNotEndToEnd),
        Measures.ResultsDigitized => nameof(Strings.FailingNotDigitized),
        Measures.PaidOnline => nameof(Strings.FailingNotPaidOnline),
        Measures.ProceduresPublished => nameof(Strings.FailingNotPublished),
        Measures.ProceduresOneStop => nameof(Strings.FailingNotAtOneStop),
        Measures.ProceduresInSoftware => nameof(Strings.FailingNotInSoftware),
        Measures.ProceduresInternal => nameof(Strings.FailingNoInternalProcedure),
        Measures.FeedbackOnTime => nameof(Strings.FailingFeedbackLate),
        Measures.ReportsOnTime => nameof(Strings.FailingReportsLate),
        Measures.TasksOnTime => nameof(Strings.FailingTasksLate),
        Measures.DocumentsElectronic => nameof(Strings.FailingPaperDocuments),
        Measures.Disbursement => nameof(Strings.FailingProjects),
        _ => null,
    };
}
