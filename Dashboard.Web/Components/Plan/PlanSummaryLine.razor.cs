using Dashboard.Shared.Catalog;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Plan;

/// <summary>"Nhiệm vụ không định lượng: 7/17 đã hoàn thành · 2 quá hạn", linking to the unit's <c>/plan</c>.</summary>
public partial class PlanSummaryLine
{
    [Parameter, EditorRequired] public string UnitCode { get; set; } = "";
    [Parameter, EditorRequired] public PlanTaskSummary? Summary { get; set; }

    public static string Text(PlanTaskSummary summary, IStringLocalizer<Strings> loc) =>
        string.Format(loc[nameof(Strings.PlanSummary)], summary.Done, summary.Total, summary.Overdue);
}
