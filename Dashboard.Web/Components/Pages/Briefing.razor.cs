using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Hosting;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// The chairman's briefing: one area of the plan per screen, the KPIs off track first, live. A step to the next area
/// is a plain navigation (<c>?unit=&amp;area=</c>), so a reconnect or a reload lands on the same screen.
/// </summary>
public partial class Briefing : IDisposable
{
    [Inject] public KpiEngine Engine { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public PlanTaskStore PlanTasks { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Another commune than the configured home unit, e.g. <c>?unit=que-an</c>.</summary>
    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }

    /// <summary>The plan section shown, by its code (<c>3.2</c>, <c>II.1</c>); the first one when missing or unknown.</summary>
    [SupplyParameterFromQuery(Name = "area")] public string? AreaCode { get; set; }

    private AdminUnit Unit { get; set; } = default!;
    private PlanSection Area { get; set; } = default!;
    private int _index;
    private IReadOnlyList<KpiSnapshot> _snapshots = [];
    private IDisposable? _subscription;
    // The plan's tasks of this year, as of today in Vietnam: one line linking to /plan (not live: a task changes by hand).
    private PlanTaskSummary? _planSummary;

    private IReadOnlyList<PlanSection> Sections => Engine.Catalog.Sections;
    private PlanSection? Previous => _index > 0 ? Sections[_index - 1] : null;
    private PlanSection? Next => _index < Sections.Count - 1 ? Sections[_index + 1] : null;

    protected override void OnInitialized()
    {
        _subscription = Bus.OnChanged(() => InvokeAsync(() =>
        {
            _snapshots = Engine.ForUnit(Unit.Code);
            StateHasChanged();
        }));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Access.Choose((await AuthState).User, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        Unit = unit;
        _index = Math.Max(0, Sections.ToList().FindIndex(s => s.Code == AreaCode));
        Area = Sections[_index];
        _snapshots = Engine.ForUnit(Unit.Code);
        var today = VietnamTime.Today(Clock);
        _planSummary = await PlanTasks.SummaryAsync(Engine.Catalog, Unit.Code, today.Year, today);
    }

    /// <summary>The area's KPIs: not met, then needing attention, then met and tracked, then those without data; catalog order within each.</summary>
    private IReadOnlyList<KpiSnapshot> InArea => Ordered(_snapshots.Where(s => s.Kpi.Section.Code == Area.Code));

    public static IReadOnlyList<KpiSnapshot> Ordered(IEnumerable<KpiSnapshot> snapshots) =>
        snapshots.OrderBy(s => Urgency(s.Status)).ToList();

    private static int Urgency(KpiStatus status) => status switch
    {
        KpiStatus.NotMet => 0,
        KpiStatus.Warning => 1,
        KpiStatus.NoData => 3,
        _ => 2,
    };

    private int Count(IReadOnlyList<KpiSnapshot> kpis, KpiStatus status) => kpis.Count(s => s.Status == status);

    private string Link(PlanSection section) =>
        $"/briefing?unit={Uri.EscapeDataString(Unit.Code)}&area={Uri.EscapeDataString(section.Code)}";

    private string KpiLink(KpiSnapshot s) => $"/kpi/{s.KpiCode}?unit={Uri.EscapeDataString(s.UnitCode)}";

    public void Dispose() => _subscription?.Dispose();
}
