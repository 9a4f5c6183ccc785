using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Admin;

/// <summary>The plans by year and state, and the two ways to start a year's plan: copy one in force, or import a file.</summary>
public partial class PlansPage
{
    [Inject] public PlanBook Plans { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "published")] public string? Published { get; set; }

    private IReadOnlyList<PlanVersion> _plans = [];
    private DateOnly _today;

    /// <summary>Whether this administrator may start a plan (it reaches every unit); others view and export only (the API checks again).</summary>
    private bool MayChange => Scope.ReachesAll(HttpContext.User);

    /// <summary>The years whose plan in force can be copied: the shipped plan's and each published one's, oldest first.</summary>
    private IReadOnlyList<int> SourceYears =>
        Plans.Published.Select(p => p.Year).Append(Plans.ShippedYear ?? _today.Year).Distinct().Order().ToList();

    protected override async Task OnInitializedAsync()
    {
        _today = VietnamTime.Today(Clock);
        _plans = await Plans.ListAsync();
    }

    /// <summary>The years a published plan judges: from its year to the year before the next published one.</summary>
    private string AppliesFrom(int year) =>
        Plans.Published.Select(p => p.Year).Where(y => y > year).Order().FirstOrDefault() is var next and > 0
            ? next - 1 == year ? $"{year}" : $"{year}–{next - 1}"
            : string.Format(Loc[nameof(Strings.YearPlanFromYear)], year);

    /// <summary>The shipped plan judges every year before the first published one (none, once its own year has a plan).</summary>
    private string ShippedAppliesTo(int shipped) =>
        Plans.Published.Select(p => p.Year).Order().FirstOrDefault() is var first and > 0
            ? first <= shipped ? "" : string.Format(Loc[nameof(Strings.YearPlanUntilYear)], first - 1)
            : Loc[nameof(Strings.YearPlanAllYears)];

    private string StateText(string state) => state switch
    {
        PlanStates.Draft => Loc[nameof(Strings.YearPlanStateDraft)],
        PlanStates.Published => Loc[nameof(Strings.YearPlanStatePublished)],
        _ => Loc[nameof(Strings.YearPlanStateSuperseded)],
    };
}
