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

    [Parameter] public string Code { get; set; } = "";

    private KpiReport? _report;

    protected override async Task OnParametersSetAsync()
    {
        if (Board.Catalog.Find(Code) is not { } kpi)
        {
            Navigation.NotFound();
            return;
        }
        if (await ReadUnitAsync() is not var (unit, visible)) return;
        _report = await KpiReport.BuildAsync(Board, kpi, unit, ReadChoice(kpi), allRecords: false, Loc, visible);
    }
}
