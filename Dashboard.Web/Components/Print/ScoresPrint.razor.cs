using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Hosting;
using Dashboard.Web.Reports;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Print;

/// <summary>A rubric's score as a printable A4 page.</summary>
public partial class ScoresPrint
{
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> Scores { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }
    [SupplyParameterFromQuery(Name = "rubric")] public string? RubricCode { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "cutoff")] public string? CutOffCode { get; set; }
    [SupplyParameterFromQuery(Name = "date")] public string? Date { get; set; }

    private ScoreReport? _report;

    protected override async Task OnParametersSetAsync()
    {
        if (Board.Rubrics.Find(RubricCode ?? Scores.Value.DefaultRubric) is not { } rubric)
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
        _report = await ScoreReport.BuildAsync(Board, DbFactory, rubric, unit, choice, Access.Allowed(user));
    }
}
