using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Plan;

/// <summary>
/// The plan's tasks by section with their lead agency, due day, state on <see cref="Today"/> and evidence; with the form
/// to mark each done or not done when the reader may edit.
/// </summary>
public partial class PlanTaskList
{
    [Inject] public TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public KpiCatalog Catalog { get; set; } = default!;
    [Parameter, EditorRequired] public IReadOnlyDictionary<string, PlanTaskStatus> Statuses { get; set; } = default!;
    [Parameter, EditorRequired] public string UnitCode { get; set; } = "";
    [Parameter, EditorRequired] public int Year { get; set; }
    /// <summary>The page's day in Vietnam, against which overdue is judged.</summary>
    [Parameter, EditorRequired] public DateOnly Today { get; set; }
    [Parameter] public bool CanEdit { get; set; }

    public static string StateClass(PlanTaskState state) => state switch
    {
        PlanTaskState.Done => "met",
        PlanTaskState.Overdue => "not-met",
        _ => "no-data",
    };

    private string StateText(PlanTaskState state) => Loc[state switch
    {
        PlanTaskState.Done => nameof(Strings.PlanStateDone),
        PlanTaskState.Overdue => nameof(Strings.PlanStateOverdue),
        _ => nameof(Strings.PlanStateNotDone),
    }];
}
