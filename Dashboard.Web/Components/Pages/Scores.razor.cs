using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
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

namespace Dashboard.Web.Components.Pages;

/// <summary>The Decision 766 and PAR scores of a unit for a period, criterion by criterion, with its rank; live.</summary>
public partial class Scores : IDisposable
{
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> ScoreOptions { get; set; } = default!;
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
    private AdminUnit _unit = default!;
    private PeriodChoice _choice = default!;
    private DateOnly _today;
    private IDisposable? _subscription;

    private (string, string?)[] Keep => [("unit", _unit.Code), ("rubric", _report?.Rubric.Code)];
    private string Query => _choice.Query(("unit", _unit.Code));

    protected override void OnInitialized() =>
        _subscription = Bus.OnChanged(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _today = VietnamTime.Today(Clock);
        var user = (await AuthState).User;
        if (Access.Choose(user, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        _unit = unit;
        _choice = PeriodChoice.From(Period, CutOffCode, Date, ScoreOptions.Value.DefaultWindow, ScoreOptions.Value.CutOff, _today);
        var rubric = Board.Rubrics.Find(RubricCode ?? ScoreOptions.Value.DefaultRubric) ?? Board.Rubrics.All.FirstOrDefault();
        _report = rubric is null ? null : await ScoreReport.BuildAsync(Board, DbFactory, rubric, _unit, _choice, Access.Allowed(user));
    }

    public void Dispose() => _subscription?.Dispose();
}
