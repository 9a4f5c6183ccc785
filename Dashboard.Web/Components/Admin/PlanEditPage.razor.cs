using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// One year's plan as a table of the KPIs the engine knows: a draft is edited and saved whole (the form posts to
/// <c>PlansAdminApi</c>, which validates it like an imported file), then published after a confirmation; any other is read only.
/// </summary>
public partial class PlanEditPage
{
    [Inject] public PlanBook Plans { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [Parameter] public long Id { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "created")] public string? Created { get; set; }
    [SupplyParameterFromQuery(Name = "imported")] public string? Imported { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] public string? Saved { get; set; }
    [SupplyParameterFromQuery(Name = "publish")] public string? Publish { get; set; }

    private PlanVersion? _version;
    private PlanFile? _file;
    private string? _problem;

    private bool IsDraft => _version?.State == PlanStates.Draft;

    /// <summary>A draft this administrator may save and publish: one who reaches every unit, since a plan judges them all (the API checks again).</summary>
    private bool CanEdit => IsDraft && Scope.ReachesAll(HttpContext.User);

    private string StateText => _version?.State switch
    {
        PlanStates.Draft => Loc[nameof(Strings.YearPlanStateDraft)],
        PlanStates.Published => Loc[nameof(Strings.YearPlanStatePublished)],
        _ => Loc[nameof(Strings.YearPlanStateSuperseded)],
    };

    protected override async Task OnParametersSetAsync()
    {
        _version = await Plans.FindAsync(Id);
        if (_version is null) return;
        try
        {
            _file = Plans.FileFor(_version, _version.Year);
        }
        catch (CatalogException ex)
        {
            // A plan stored before an upgrade removed one of its KPIs: say so rather than show a half table.
            _problem = ex.Message;
        }
    }

    /// <summary>A KPI's row: as the plan has it, or (a KPI the file left out) as the catalog has it, not included.</summary>
    private PlanKpi Entry(KpiDefinition known) =>
        _file!.Kpis.FirstOrDefault(k => k.Code == known.Code)
        ?? new PlanKpi(known.Code, false, known.Section.Code, known.Target?.Op, known.Target?.Value, known.Amber, known.Owner.Code, []);

    // A number field takes the invariant form ("95.5") whatever the page's language.
    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
