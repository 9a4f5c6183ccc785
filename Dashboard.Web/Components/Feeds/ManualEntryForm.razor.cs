using System.Globalization;
using Dashboard.Jobs.Feeds.Manual;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Feeds;

/// <summary>The manual-entry form and its audit trail. Only KPIs that take figures (not those computed from records) are offered.</summary>
public partial class ManualEntryForm
{
    private const int AuditRows = 20;

    [Inject] public ManualEntry Manual { get; set; } = default!;
    [Inject] public KpiCatalog Catalog { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;

    private string Who { get; set; } = "";
    private string UnitCode { get; set; } = "";
    private string KpiCode { get; set; } = "";
    private string Period { get; set; } = "";
    private string ValueText { get; set; } = "";
    private string Note { get; set; } = "";

    private IReadOnlyList<FieldError> _errors = [];
    private string? _saved;
    private List<ManualEntryAudit> _audit = [];

    // False while prerendered: typing into the form before the circuit starts would be lost.
    private bool _interactive;

    private IEnumerable<KpiDefinition> ManualKpis => Catalog.Kpis.Where(k => k.Basis == KpiBasis.Reading);

    protected override async Task OnInitializedAsync()
    {
        UnitCode = Units.Communes.First().Code;
        KpiCode = ManualKpis.First().Code;
        Period = ReportingPeriod.MonthOf(VietnamTime.Today(Clock)).Key;
        _audit = await Manual.RecentAsync(AuditRows);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _interactive = true;
        StateHasChanged();
    }

    private async Task SaveAsync()
    {
        _saved = null;
        var text = ValueText.Trim();
        if (!decimal.TryParse(text, NumberStyles.Number, KpiFormat.Vi, out var value) &&
            !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value))
        {
            _errors = [new FieldError("value", string.Format(Loc[nameof(Strings.ManualBadValue)], ValueText))];
            return;
        }
        _errors = await Manual.SaveAsync(Who, UnitCode, KpiCode, Period.Trim(), value, Note);
        if (_errors.Count > 0) return;
        var kpi = Catalog.Find(KpiCode)!;
        _saved = string.Format(Loc[nameof(Strings.ManualSaved)], kpi.Name.Current, KpiFormat.Value(kpi, value, Loc));
        _audit = await Manual.RecentAsync(AuditRows);
    }
}
