using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Shared.Engine;

/// <summary>A unit's place among its siblings for one figure; units without data are listed unranked.</summary>
public sealed record RankRow(AdminUnit Unit, decimal? Value, int? Rank, Band? Band);

public sealed record TrendEntry(ReportingWindow Window, Figure Figure);

/// <summary>
/// Figures and scores for any unit and window, on demand: records come from the in-memory cache, readings from the
/// store (a small table), so a page or an export recomputes in milliseconds.
/// </summary>
public sealed class Scoreboard(
    KpiCatalog catalog,
    UnitDirectory units,
    RecordCache records,
    RubricRegistry rubrics,
    IDbContextFactory<DashboardDbContext> dbFactory,
    IOptions<DemoDataOptions> demo,
    IOptions<ScoresOptions> scores,
    TimeProvider time,
    PlanBook? plans = null)
{
    public KpiCatalog Catalog => catalog;
    public UnitDirectory Units => units;
    public RubricRegistry Rubrics => rubrics;
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// A KPI as the plan in force in the window's year sets it (the year of its last day): a figure of 2023 is judged
    /// against the 2023 plan, one of 2026 against the 2026 plan.
    /// </summary>
    public KpiDefinition InForce(KpiDefinition kpi, ReportingWindow window) => plans?.Kpi(kpi, window.LastDay.Year) ?? kpi;

    /// <summary>The plan in force in a year (the shipped catalog without plans).</summary>
    public KpiCatalog PlanFor(int year) => plans?.For(year) ?? catalog;

    /// <summary>What must be measured before a score is graded and ranked (<see cref="ScoresOptions.MinCoverage"/>, <see cref="ScoresOptions.MinRecords"/>).</summary>
    public CoverageRule Minimum => new(scores.Value.MinCoverage, scores.Value.MinRecords);

    public async Task<ReadingBook> ReadingsAsync(IReadOnlyCollection<string> unitCodes, CancellationToken ct = default)
    {
        // A unit formed by a merger counts its predecessors' readings too (Figures.Of).
        var codes = unitCodes.Concat(unitCodes.SelectMany(units.Predecessors)).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Readings.AsNoTracking().Where(r => codes.Contains(r.UnitCode) && r.Source != ReadingBook.RecordsSource);
        if (!demo.Value.Enabled) query = query.Where(r => r.Source != Sources.Simulator);
        return new ReadingBook(await query.ToListAsync(ct));
    }

    public async Task<Figure> FigureAsync(string unit, KpiDefinition kpi, ReportingWindow window, CancellationToken ct = default) =>
        Figures.Of(InForce(kpi, window), records.For(unit), await ReadingsAsync([unit], ct), window, Now);

    /// <summary>How many months a trend shows; quarters and years for KPIs reported that seldom.</summary>
    public const int TrendMonths = 12, TrendQuarters = 8, TrendYears = 5;

    /// <summary>
    /// The figure of <paramref name="window"/>, and its trend month by month: the <see cref="TrendMonths"/> months up to the
    /// one the window ends in, whatever window was picked, so a year to date reads as the months that make it. A point
    /// takes only readings of its own period, so a yearly survey is not drawn again in every month; a KPI with no monthly
    /// figure at all (SIPAS, the rankings) is drawn by quarter, or else by year.
    /// </summary>
    public async Task<(Figure Figure, IReadOnlyList<TrendEntry> Trend)> FigureWithTrendAsync(string unit, KpiDefinition kpi,
        ReportingWindow window, CancellationToken ct = default)
    {
        var book = await ReadingsAsync([unit], ct);
        var facts = records.For(unit);
        var now = Now;
        var figure = Figures.Of(InForce(kpi, window), facts, book, window, now);
        var months = Series(WindowKind.Month, TrendMonths);
        if (months.Any(t => t.Figure.Value is not null)) return (figure, months);
        var quarters = Series(WindowKind.Quarter, TrendQuarters);
        if (quarters.Any(t => t.Figure.Value is not null)) return (figure, quarters);
        var years = Series(WindowKind.Year, TrendYears);
        return (figure, years.Any(t => t.Figure.Value is not null) ? years : months);

        List<TrendEntry> Series(WindowKind kind, int count)
        {
            var windows = new List<ReportingWindow> { ReportingWindow.Containing(kind, window.CutOff, window.LastDay) };
            while (windows.Count < count) windows.Add(windows[^1].Previous());
            windows.Reverse();
            return windows.Select(w => new TrendEntry(w, Figures.Of(InForce(kpi, w), facts, book, w, now, insideOnly: true))).ToList();
        }
    }

    /// <summary>The figure for this window and the ones before it, oldest first.</summary>
    public async Task<IReadOnlyList<TrendEntry>> TrendAsync(string unit, KpiDefinition kpi, ReportingWindow window, int count,
        CancellationToken ct = default)
    {
        var book = await ReadingsAsync([unit], ct);
        var facts = records.For(unit);
        var windows = new List<ReportingWindow> { window };
        while (windows.Count < count) windows.Add(windows[^1].Previous());
        windows.Reverse();
        return windows.Select(w => new TrendEntry(w, Figures.Of(InForce(kpi, w), facts, book, w, Now))).ToList();
    }

    /// <summary>
    /// The last <paramref name="count"/> months' figures of many KPIs (the overview's sparklines), oldest first, from one
    /// read of the store; a month without a figure is null.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<decimal?>>> MonthlyAsync(string unit, IEnumerable<KpiDefinition> kpis,
        ReportingWindow month, int count, CancellationToken ct = default)
    {
        var book = await ReadingsAsync([unit], ct);
        var facts = records.For(unit);
        var now = Now;
        var windows = new List<ReportingWindow> { month };
        while (windows.Count < count) windows.Add(windows[^1].Previous());
        windows.Reverse();
        return kpis.ToDictionary(k => k.Code,
            k => (IReadOnlyList<decimal?>)windows.Select(w => Figures.Of(k, facts, book, w, now).Value).ToList());
    }

    public async Task<ScoreCard> ScoreAsync(string unit, Rubric rubric, ReportingWindow window, CancellationToken ct = default) =>
        Score(unit, rubric, window, await ReadingsAsync([unit], ct));

    public ScoreCard Score(string unit, Rubric rubric, ReportingWindow window, ReadingBook readings)
    {
        var facts = records.For(unit);
        var now = Now;
        var scope = units.Find(unit)?.Kind == UnitKind.Commune ? CriterionScope.Commune : CriterionScope.Province;
        return ScoreCalculator.Score(rubric, scope, c => Figures.Input(c, catalog, facts, readings, window, now), Minimum, window);
    }

    /// <summary>
    /// Every sibling commune scored with the same rubric and window, best first; a unit without enough data is listed
    /// unranked. The siblings are those of the window's last day: a merged commune's successor ranks, its predecessors do not.
    /// </summary>
    public async Task<IReadOnlyList<RankRow>> RankScoresAsync(string unit, Rubric rubric, ReportingWindow window, CancellationToken ct = default)
    {
        var siblings = units.Siblings(unit, window.LastDay).ToList();
        var book = await ReadingsAsync(siblings.Select(s => s.Code).ToList(), ct);
        return RankCards(rubric, siblings.Select(s => (s, Score(s.Code, rubric, window, book))));
    }

    /// <summary>Score cards best first: only graded ones are ranked (a unit measured on too little data is listed unranked).</summary>
    public static IReadOnlyList<RankRow> RankCards(Rubric rubric, IEnumerable<(AdminUnit Unit, ScoreCard Card)> cards) =>
        Rank(cards.Select(c => (c.Unit, c.Card.Graded ? c.Card.Score100 : null)).ToList(), higherIsBetter: true, v => rubric.BandOf(v));

    /// <summary>Every sibling commune on one KPI, best first (lowest first for a "less than" target such as late dossiers).</summary>
    public async Task<IReadOnlyList<RankRow>> RankKpiAsync(string unit, KpiDefinition kpi, ReportingWindow window, CancellationToken ct = default)
    {
        var siblings = units.Siblings(unit, window.LastDay).ToList();
        var book = await ReadingsAsync(siblings.Select(s => s.Code).ToList(), ct);
        var now = Now;
        var values = siblings.Select(s => (s, Figures.Of(InForce(kpi, window), records.For(s.Code), book, window, now).Value));
        var higherIsBetter = InForce(kpi, window).Target?.Op is not (TargetOperator.Lt or TargetOperator.Le);
        return Rank(values, higherIsBetter, null);
    }

    /// <summary>The records a figure was counted from, failing ones first.</summary>
    public IReadOnlyList<Counted> RecordsBehind(string unit, MeasureDefinition measure, ReportingWindow window) =>
        measure.Count(MeasureContext.Of(records.For(unit), window, Now))
            .OrderByDescending(c => c.Failing)
            .ToList();

    public UnitRecords RecordsOf(string unit) => records.For(unit);

    /// <summary>
    /// Whether a unit's figures include demo data (records of a kind only the simulator wrote, or the simulator's
    /// readings): a page, print or export built from them must say so.
    /// </summary>
    public async Task<bool> ShowsDemoAsync(string unit, CancellationToken ct = default)
    {
        if (!demo.Value.Enabled) return false;
        var facts = records.For(unit);
        if (Measures.All.Any(m => facts.IsDemo(m.Kind))) return true;
        var codes = units.Predecessors(unit).Append(unit).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Readings.AnyAsync(r => codes.Contains(r.UnitCode) && r.Source == Sources.Simulator, ct);
    }

    /// <summary>Standard competition ranking: equal values share a rank and the next rank skips (1, 2, 2, 4).</summary>
    private static List<RankRow> Rank(IEnumerable<(AdminUnit Unit, decimal? Value)> values, bool higherIsBetter, Func<decimal, Band>? band)
    {
        var withData = values.Where(v => v.Value is not null)
            .OrderBy(v => higherIsBetter ? -v.Value!.Value : v.Value!.Value)
            .ThenBy(v => v.Unit.Code, StringComparer.Ordinal)
            .ToList();
        var rows = new List<RankRow>();
        for (var i = 0; i < withData.Count; i++)
        {
            var rank = i > 0 && withData[i].Value == withData[i - 1].Value ? rows[i - 1].Rank : i + 1;
            rows.Add(new RankRow(withData[i].Unit, withData[i].Value, rank, band?.Invoke(withData[i].Value!.Value)));
        }
        rows.AddRange(values.Where(v => v.Value is null).OrderBy(v => v.Unit.Code, StringComparer.Ordinal)
            .Select(v => new RankRow(v.Unit, null, null, null)));
        return rows;
    }
}
