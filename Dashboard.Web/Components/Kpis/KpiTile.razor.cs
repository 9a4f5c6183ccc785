using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Kpis;

/// <summary>One KPI: gauge, value, target, status, owner and time of the last update.</summary>
public partial class KpiTile
{
    [Inject] public TimeProvider Clock { get; set; } = default!;

    [Inject] public FeedHealth Health { get; set; } = default!;

    [Inject] public IJSRuntime JS { get; set; } = default!;

    [Inject] public IOptions<ScoresOptions> ScoreOptions { get; set; } = default!;

    [Parameter, EditorRequired] public KpiSnapshot Snapshot { get; set; } = default!;

    /// <summary>False on the wall, where nobody taps: the name is plain text, not a link to the KPI's page.</summary>
    [Parameter] public bool Linked { get; set; } = true;

    /// <summary>The wall draws larger gauges that follow the screen's size (<see cref="GaugeChart.WallOptions"/>).</summary>
    [Parameter] public object GaugeOptions { get; set; } = GaugeChart.Options;

    /// <summary>
    /// The KPI's figure for each of the last twelve months, oldest first, null for a month without one; drawn as a
    /// sparkline under the figures (the overview). None on the wall.
    /// </summary>
    [Parameter] public MonthlyFigures? Monthly { get; set; }

    private MonthlyFigures? _sparkFor;
    private Sparkline? _spark;

    private Sparkline? Spark
    {
        get
        {
            if (!ReferenceEquals(_sparkFor, Monthly)) (_sparkFor, _spark) = (Monthly, Monthly is null ? null : Sparkline.Of(Monthly.Values));
            return _spark;
        }
    }

    /// <summary>What the sparkline shows, for a screen reader and as its tooltip: the first and the last month with a figure.</summary>
    private string SparkLabel(MonthlyFigures monthly)
    {
        var known = monthly.Values.Select((v, i) => (v, i)).Where(x => x.v is not null).ToList();
        if (known.Count == 0) return string.Format(Loc[nameof(Strings.SparklineEmpty)], monthly.Values.Count);
        var (first, last) = (known[0], known[^1]);
        return string.Format(Loc[nameof(Strings.SparklineLabel)], monthly.Values.Count, KpiFormat.Value(Snapshot.Kpi, first.v, Loc),
            monthly.Months[first.i], KpiFormat.Value(Snapshot.Kpi, last.v, Loc), monthly.Months[last.i], known.Count);
    }

    // The gauge is drawn by the tile itself, not by a child component: see ChartDrawing.
    private ElementReference _gauge;
    private readonly ChartDrawing _chart = new();
    private long _renderedVersion = -1;
    private KpiFreshness _freshness = new(Freshness.Unknown, null, false);
    private KpiFreshness? _renderedFreshness;
    private MonthlyFigures? _renderedMonthly;

    private string FreshnessText => _freshness switch
    {
        { SourceFailed: true } => Loc[nameof(Strings.FreshnessFailed)],
        { Level: Freshness.Stale } => Loc[nameof(Strings.FreshnessStale)],
        _ => Loc[nameof(Strings.FreshnessLate)],
    };

    // Freshness moves with the clock: the page re-renders its tiles now and then, and a tile redraws only if it changed.
    protected override void OnParametersSet() => _freshness = Health.Of(Snapshot);

    private string ValueText => KpiFormat.Value(Snapshot.Kpi, Snapshot.Value, Loc);

    /// <summary>
    /// The period the figure is for: every tile says it, and its link opens the detail on that same period. A KPI judged on
    /// the year to date stores it under the year: this year's reading is the year to date, not the whole year.
    /// </summary>
    private PeriodChoice? Period => PeriodChoice.OfReading(Snapshot.Period, Snapshot.Kpi.Window, ScoreOptions.Value.CutOff, VietnamTime.Today(Clock));

    private string DetailLink => Period is { } p
        ? $"/kpi/{Snapshot.KpiCode}{p.Query(("unit", Snapshot.UnitCode))}"
        : $"/kpi/{Snapshot.KpiCode}?unit={Snapshot.UnitCode}";

    private string TrendArrow => Snapshot.Trend switch
    {
        Trend.Up => "▲",
        Trend.Down => "▼",
        _ => "",
    };

    // The overview re-renders all tiles on any change; only the tiles whose snapshot changed do work.
    protected override bool ShouldRender() =>
        Snapshot.Version != _renderedVersion || _freshness != _renderedFreshness || !ReferenceEquals(Monthly, _renderedMonthly);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        _renderedVersion = Snapshot.Version;
        _renderedFreshness = _freshness;
        _renderedMonthly = Monthly;
        if (firstRender) await _chart.LoadAsync(JS);
        await _chart.DrawAsync(_gauge, GaugeOptions, GaugeChart.Series(KpiFormat.GaugePercent(Snapshot.Kpi, Snapshot.Value)),
            [KpiFormat.StatusColor(Snapshot.Status)]);
    }

    public async ValueTask DisposeAsync()
    {
        await _chart.DisposeAsync(_gauge);
        GC.SuppressFinalize(this);
    }
}
