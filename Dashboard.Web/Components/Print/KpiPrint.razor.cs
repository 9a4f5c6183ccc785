using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Hosting;
using Dashboard.Web.Reports;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Print;

/// <summary>The KPI report as a printable A4 page, in the form a commune sends to the district.</summary>
public partial class KpiPrint
{
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> Scores { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public string Code { get; set; } = "";
    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "cutoff")] public string? CutOffCode { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? Date { get; set; }

    private KpiReport? _report;

    protected override async Task OnParametersSetAsync()
    {
        if (Board.Catalog.Find(Code) is not { } kpi)
        {
            Navigation.NotFound();
            return;
        }
        var user = (await AuthState).User;
        if (Access.Choose(user, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        var choice = PeriodChoice.From(Period, CutOffCode, Date, Scores.Value.DefaultWindow, Scores.Value.CutOff, VietnamTime.Today(Clock));
        _report = await KpiReport.BuildAsync(Board, kpi, unit, choice, allRecords: false, Loc, Access.Allowed(user));
    }
}
