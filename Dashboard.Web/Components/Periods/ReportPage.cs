using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Periods;

/// <summary>
/// A page about one unit over one reporting period (<c>/kpi/{code}</c>, <c>/scores</c> and their printable pages): it
/// reads <c>?unit=&amp;period=&amp;cutoff=&amp;date=</c> and sends a reader who may not see the unit to the access-denied page.
/// </summary>
public abstract class ReportPage : ComponentBase
{
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> ScoreOptions { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "cutoff")] public string? CutOffCode { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? Date { get; set; }

    /// <summary>The unit asked for (or the home commune) and the units the reader may see; null when the reader may not.</summary>
    protected async Task<(AdminUnit Unit, IReadOnlySet<string> Visible)?> ReadUnitAsync()
    {
        var user = (await AuthState).User;
        if (Access.Choose(user, UnitCode, Options.Value.HomeUnit) is { } unit) return (unit, Access.Allowed(user));
        Navigation.NavigateTo("/account/access-denied");
        return null;
    }

    protected PeriodChoice ReadChoice() =>
        PeriodChoice.From(Period, CutOffCode, Date, ScoreOptions.Value.DefaultWindow, ScoreOptions.Value.CutOff, VietnamTime.Today(Clock));

    /// <summary>A KPI's page: with no period in the address, the KPI's own default (what its tile shows).</summary>
    protected PeriodChoice ReadChoice(KpiDefinition kpi) =>
        PeriodChoice.From(Period, CutOffCode, Date, PeriodChoice.Default(kpi.Window, ScoreOptions.Value.CutOff, VietnamTime.Today(Clock)), VietnamTime.Today(Clock));
}
