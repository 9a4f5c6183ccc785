using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Scores;

/// <summary>A rubric by group and criterion: what was measured, points now, points lost and the records that would recover them.</summary>
public partial class ScoreBreakdown
{
    [Inject] public KpiCatalog Catalog { get; set; } = default!;

    [Parameter, EditorRequired] public ScoreCard Card { get; set; } = default!;

    /// <summary>The query the drill-down links carry (unit and period), so a leader lands on the same period's records.</summary>
    [Parameter] public string LinkQuery { get; set; } = "";
}
