using System.Collections.Concurrent;
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
    /// The KPI's figure for each of the last twelve months, drawn as a sparkline beside the target (the overview). None on
    /// the wall.
    /// </summary>
    [Parameter] public MonthlyFigures? Monthly { get; set; }

    // The gauge is drawn by the tile itself, not by a child component: see ChartDrawing.
    private ElementReference _gauge;
    private readonly ChartDrawing _chart = new();
    private long _renderedVersion = -1;
    private KpiFreshness _freshness = new(Freshness.Unknown, null, false);
    private KpiFreshness? _renderedFreshness;
    private MonthlyFigures? _renderedMonthly;

    // Worked out once per parameters, not once per use in the markup.
    private string _valueText = "";
    private PeriodChoice? _period;

    private string FreshnessText => _freshness switch
    {
        { SourceFailed: true } => Loc[nameof(Strings.FreshnessFailed)],
        { Level: Freshness.Stale } => Loc[nameof(Strings.FreshnessStale)],
        _ => Loc[nameof(Strings.FreshnessLate)],
    };

    // Freshness moves with the clock: the page re-renders its tiles now and then, and a tile redraws only if it changed.
    protected override void OnParametersSet()
    {
        _freshness = Health.Of(Snapshot);
        _valueText = KpiFormat.Value(Snapshot.Kpi, Snapshot.Value, Loc);
        // The period the figure is for: every tile says it, and its link opens the detail on that same period. A KPI judged
        // on the year to date stores it under the year: this year's reading is the year to date, not the whole year.
        _period = PeriodChoice.OfReading(Snapshot.Period, Snapshot.Kpi.Window, ScoreOptions.Value.CutOff, VietnamTime.Today(Clock));
    }

    // Strings every circuit would otherwise build and keep for each of its tiles: one of each, shared.
    private static readonly ConcurrentDictionary<string, string> NameIds = new();

    /// <summary>The id of the tile's name, which labels the tile.</summary>
    private string NameId => NameIds.GetOrAdd(Snapshot.KpiCode, code => $"kpi-{code}-name");

    private string TileClass => Snapshot.Status switch
    {
        KpiStatus.Met => "kpi-tile status-met",
        KpiStatus.Warning => "kpi-tile status-warning",
        KpiStatus.NotMet => "kpi-tile status-not-met",
        KpiStatus.Tracked => "kpi-tile status-tracked",
        _ => "kpi-tile status-no-data",
    };

    // The enum's own name (not allocated per render, unlike the boxed value).
    private string StatusName => Snapshot.Status.ToString();

    private string TargetClass => Snapshot.Kpi.Target is null ? "kpi-target kpi-target-none" : "kpi-target";

    // "Chỉ tiêu: " and "Chủ trì: " with their colon in one string each: one frame, not two.
    private string TargetLabel => Loc[nameof(Strings.TargetLabel)];

    private string OwnerLabel => Loc[nameof(Strings.OwnerLabel)];

    private string GaugeLabel => string.Format(Loc[nameof(Strings.GaugeLabel)], Snapshot.Kpi.Name.Current, _valueText);

    private string DetailLink => _period is { } p
        ? $"/kpi/{Snapshot.KpiCode}{p.Query(("unit", Snapshot.UnitCode))}"
        : $"/kpi/{Snapshot.KpiCode}?unit={Snapshot.UnitCode}";

    private string TrendArrow => Snapshot.Trend switch
    {
        Trend.Up => " ▲",
        Trend.Down => " ▼",
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
