using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Components.Records;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Reports;

/// <summary>
/// Everything <c>/kpi/{code}</c> shows for one unit and window, built once so the page, its printable A4 page and its
/// XLSX export hold the same figures.
/// </summary>
public sealed record KpiReport(
    KpiDefinition Kpi,
    AdminUnit Unit,
    PeriodChoice Choice,
    Figure Figure,
    IReadOnlyList<TrendEntry> Trend,
    IReadOnlyList<RankRow> Ranking,
    MeasureDefinition? Measure,
    IReadOnlyList<RecordView> Records,
    int RecordCount,
    int FailingCount,
    DateTimeOffset ComputedAt,
    bool Demo = false)
{
    /// <summary>How many records a page lists before it sends the reader to the export.</summary>
    public const int PageLimit = 500;

    /// <param name="visible">Units the reader may see: other units keep their rank in the ranking, not their figures.</param>
    public static async Task<KpiReport> BuildAsync(Scoreboard board, KpiDefinition kpi, AdminUnit unit, PeriodChoice choice, bool allRecords,
        IStringLocalizer<Strings> loc, IReadOnlySet<string> visible, int? recordLimit = PageLimit, CancellationToken ct = default)
    {
        var window = choice.Window;
        var (figure, trend) = await board.FigureWithTrendAsync(unit.Code, kpi, window, ct);
        var ranking = Hide(await board.RankKpiAsync(unit.Code, kpi, window, ct), visible);

        var measure = figure.FromRecords ? Measures.ForKpi(kpi.Code) : null;
        IReadOnlyList<RecordView> records = [];
        int count = 0, failing = 0;
        if (measure is not null)
        {
            var behind = board.RecordsBehind(unit.Code, measure, window);
            count = behind.Count;
            failing = behind.Count(c => c.Failing);
            var facts = board.RecordsOf(unit.Code);
            var shown = allRecords ? behind : behind.Where(c => c.Failing);
            if (recordLimit is { } limit) shown = shown.Take(limit);
            var asOf = MeasureContext.Of(facts, window, board.Now).AsOf;
            records = shown.Select(c => RecordView.From(c, measure, facts, board.Catalog, loc, asOf)).ToList();
        }
        // Demo when the figure (or any point of its trend) came from the simulator or from records only it wrote.
        var unitRecords = board.RecordsOf(unit.Code);
        var demo = trend.Select(t => t.Figure).Append(figure).Any(f => f.Source == Sources.Simulator
            || (f.FromRecords && Measures.ForKpi(kpi.Code) is { } m && unitRecords.IsDemo(m.Kind)));
        // Shown with the target, section and owners of the plan in force in the window's year, as the figure was judged.
        return new KpiReport(board.InForce(kpi, window), unit, choice, figure, trend, ranking, measure, records, count, failing, board.Now, demo);
    }

    /// <summary>"Diễn biến 12 tháng gần nhất", or by quarter or year for a KPI reported that seldom.</summary>
    public string TrendHeading(IStringLocalizer<Strings> loc) => string.Format(Trend switch
    {
        [{ Window.Kind: WindowKind.Year }, ..] => loc[nameof(Strings.TrendHeadingYears)],
        [{ Window.Kind: WindowKind.Quarter }, ..] => loc[nameof(Strings.TrendHeadingQuarters)],
        _ => loc[nameof(Strings.TrendHeadingMonths)],
    }, Trend.Count);

    public static IReadOnlyList<RankRow> Hide(IReadOnlyList<RankRow> rows, IReadOnlySet<string> visible) =>
        rows.Select(r => visible.Contains(r.Unit.Code) ? r : r with { Value = null, Band = null }).ToList();
}
