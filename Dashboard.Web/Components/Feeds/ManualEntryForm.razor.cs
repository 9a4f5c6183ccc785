using System.Globalization;
using Dashboard.Jobs.Feeds.Manual;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Components.Feeds;

/// <summary>
/// The manual-entry form and its history. Only KPIs that take figures (not those computed from records) are offered, only
/// for the units within the signed-in account's reach, and each entry is recorded under that account, in the manual-entry
/// history and in the audit trail.
/// </summary>
public partial class ManualEntryForm
{
    private const int AuditRows = 20;

    [Inject] public ManualEntry Manual { get; set; } = default!;
    [Inject] public KpiCatalog Catalog { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    private string UnitCode { get; set; } = "";
    private string KpiCode { get; set; } = "";
    private string Period { get; set; } = "";
    private string ValueText { get; set; } = "";
    private string Note { get; set; } = "";

    private IReadOnlyList<FieldError> _errors = [];
    private string? _saved;
    private List<ManualEntryAudit> _audit = [];
    private List<AdminUnit> _units = [];

    // False while prerendered: typing into the form before the circuit starts would be lost.
    private bool _interactive;

    private IEnumerable<KpiDefinition> ManualKpis => Catalog.Kpis.Where(k => k.Basis == KpiBasis.Reading);

    protected override async Task OnInitializedAsync()
    {
        var allowed = Access.Allowed((await AuthState).User);
        _units = Units.Communes.Where(u => allowed.Contains(u.Code)).ToList();
        UnitCode = _units.FirstOrDefault()?.Code ?? "";
        KpiCode = ManualKpis.First().Code;
        Period = ReportingPeriod.MonthOf(VietnamTime.Today(Clock)).Key;
        _audit = await Manual.RecentAsync(AuditRows, allowed);
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
        // The one reading of numbers written as text, as for files and feeds: Vietnamese first, never a guess.
        if (!NumberText.TryParse(text, out var value, out var reason))
        {
            _errors = [new FieldError("value", string.Format(Loc[nameof(Strings.ManualBadValue)], TextExcerpt.Of(text)) + " " + reason)];
            return;
        }
        // Read again at each save: the person and the reach are those of the sign-in now, never a field of the form.
        var user = (await AuthState).User;
        var who = user.Identity?.Name ?? "";
        var allowed = Access.Allowed(user);
        var result = await Manual.SaveAsync(who, UnitCode, KpiCode, Period.Trim(), value, Note, allowed.Contains);
        _errors = result.Errors;
        if (!result.Ok) return;
        if (result.Entry is { } entry)
            await Audit.WriteAsync(who, "manual-entry-saved",
                $"{entry.UnitCode} {entry.KpiCode} {entry.Period}: {entry.OldValue?.ToString(CultureInfo.InvariantCulture) ?? "—"} → " +
                $"{entry.NewValue.ToString(CultureInfo.InvariantCulture)}" + (entry.Note is null ? "" : $" ({entry.Note})"));
        var kpi = Catalog.Find(KpiCode)!;
        _saved = string.Format(Loc[nameof(Strings.ManualSaved)], kpi.Name.Current, KpiFormat.Value(kpi, value, Loc));
        _audit = await Manual.RecentAsync(AuditRows, allowed);
    }
}
