using Dashboard.Shared.Engine;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Kpis;

/// <summary>One KPI: gauge, value, target, status, owner and time of the last update.</summary>
public partial class KpiTile
{
    [Inject] public TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public KpiSnapshot Snapshot { get; set; } = default!;

    private long _renderedVersion = -1;

    private string ValueText => KpiFormat.Value(Snapshot.Kpi, Snapshot.Value, Loc);

    private string TrendArrow => Snapshot.Trend switch
    {
        Trend.Up => "▲",
        Trend.Down => "▼",
        _ => "",
    };

    // The overview re-renders all tiles on any change; only the tiles whose snapshot changed do work.
    protected override bool ShouldRender() => Snapshot.Version != _renderedVersion;

    protected override void OnAfterRender(bool firstRender) => _renderedVersion = Snapshot.Version;
}
