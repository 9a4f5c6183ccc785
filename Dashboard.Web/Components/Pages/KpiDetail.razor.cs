using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Hosting;
using Dashboard.Web.Reports;
using Dashboard.Web.Resources;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>One KPI: its figure for a period, its trend, the records behind it and the unit's place among its siblings; live.</summary>
public partial class KpiDetail : IDisposable
{
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;

    [Parameter] public string Code { get; set; } = "";
    [SupplyParameterFromQuery(Name = "all")] public string? All { get; set; }

    private KpiReport? _report;
    private DateOnly _today;
    private bool _all;
    private IDisposable? _subscription;

    private (string, string?)[] Keep => [("unit", _report?.Unit.Code)];
    private string Query => _report!.Choice.Query(Keep);

    private IReadOnlyList<TrendPoint> TrendPoints
    {
        get
        {
            var kpi = _report!.Kpi;
            return _report.Trend.Select(t => new TrendPoint(
                PeriodChoice.ShortLabel(t.Window, Loc),
                t.Figure.Value,
                KpiFormat.Value(kpi, t.Figure.Value, Loc),
                t.Figure.Target?.Value,
                t.Figure.Target is { } target ? $"{Loc[nameof(Strings.Target)]}: {target.Symbol} {KpiFormat.Value(kpi, target.Value, Loc)}" : null)).ToList();
        }
    }

    /// <summary>A ranking's trend reads in its bands ("Khá") rather than 1–5.</summary>
    private IReadOnlyList<string>? AxisNames => _report!.Kpi.Unit == KpiUnit.Band
        ? ["", .. Enumerable.Range(1, 5).Select(b => KpiFormat.Band(b, Loc))]
        : null;


    private string Basis
    {
        get
        {
            var r = _report!;
            if (r.Figure.Value is null) return Loc[nameof(Strings.BasisNoData)];
            if (r.Figure.FromRecords) return string.Format(Loc[nameof(Strings.BasisRecords)], r.RecordCount, r.FailingCount);
            return string.Format(Loc[nameof(Strings.BasisReading)], r.Figure.Period, r.Figure.Source);
        }
    }

    protected override void OnInitialized() =>
        // Records and readings change on the bus; the figures of this page are recomputed from them (a few ms).
        _subscription = Bus.OnChanged(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _today = VietnamTime.Today(Clock);
        _all = All == "1";
        var kpi = Board.Catalog.Find(Code);
        if (kpi is null)
        {
            _report = null;
            // An unknown KPI is a 404 with the not-found page, as for any unknown address.
            Navigation.NotFound();
            return;
        }
        if (await ReadUnitAsync() is not var (unit, visible)) return;
        _report = await KpiReport.BuildAsync(Board, kpi, unit, ReadChoice(kpi), _all, Loc, visible);
    }

    public void Dispose() => _subscription?.Dispose();
}
