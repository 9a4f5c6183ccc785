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

    [SupplyParameterFromQuery(Name = "rubric")] public string? RubricCode { get; set; }

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
        if (await ReadUnitAsync() is not var (unit, visible)) return;
        _unit = unit;
        _choice = ReadChoice();
        var rubric = Board.Rubrics.Find(RubricCode ?? ScoreOptions.Value.DefaultRubric) ?? Board.Rubrics.All.FirstOrDefault();
        _report = rubric is null ? null : await ScoreReport.BuildAsync(Board, DbFactory, rubric, _unit, _choice, visible);
    }

    public void Dispose() => _subscription?.Dispose();
}
