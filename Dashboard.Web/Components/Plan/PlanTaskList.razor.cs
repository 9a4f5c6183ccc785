using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

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

    /// <summary>Evidence that is a web address alone opens as a link; http(s) only, so no script or file URL ever becomes one.</summary>
    public static string? EvidenceLink(string? evidence) =>
        Uri.TryCreate(evidence?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri : null;

    public static string StateClass(PlanTaskState state) => state switch
    {
        PlanTaskState.Done => "met",
        PlanTaskState.Overdue => "not-met",
        _ => "no-data",
    };

    private string StateText(PlanTaskState state) => StateText(state, Loc);

    public static string StateText(PlanTaskState state, IStringLocalizer<Strings> loc) => loc[state switch
    {
        PlanTaskState.Done => nameof(Strings.PlanStateDone),
        PlanTaskState.Overdue => nameof(Strings.PlanStateOverdue),
        _ => nameof(Strings.PlanStateNotDone),
    }];
}
