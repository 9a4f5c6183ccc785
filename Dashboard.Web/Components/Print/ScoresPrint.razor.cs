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

    [SupplyParameterFromQuery(Name = "rubric")] public string? RubricCode { get; set; }

    private ScoreReport? _report;

    protected override async Task OnParametersSetAsync()
    {
        if (Board.Rubrics.Find(RubricCode ?? ScoreOptions.Value.DefaultRubric) is not { } rubric)
        {
            Navigation.NotFound();
            return;
        }
        if (await ReadUnitAsync() is not var (unit, visible)) return;
        _report = await ScoreReport.BuildAsync(Board, DbFactory, rubric, unit, ReadChoice(), visible);
    }
}
