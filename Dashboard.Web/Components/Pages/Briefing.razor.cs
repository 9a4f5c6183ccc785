using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Hosting;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// The chairman's briefing: a summary first (the counts and every area, those most off track first), then one area of
/// the plan per screen in that order, the KPIs off track first, live. A step to the next area is a plain navigation
/// (<c>?unit=&amp;area=</c>), so a reconnect or a reload lands on the same screen.
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

    /// <summary>The plan section shown, by its code (<c>3.2</c>, <c>II.1</c>); the summary when missing or unknown.</summary>
    [SupplyParameterFromQuery(Name = "area")] public string? AreaCode { get; set; }

    private AdminUnit Unit { get; set; } = default!;
    /// <summary>The area on screen; null for the summary.</summary>
    private PlanSection? Area { get; set; }
    private IReadOnlyList<KpiSnapshot> _snapshots = [];
    private IDisposable? _subscription;
    // The plan's tasks of this year, as of today in Vietnam: one line linking to /plan (not live: a task changes by hand).
    private PlanTaskSummary? _planSummary;

    /// <summary>The screens in order: the summary (null), then the areas most off track first. Recomputed with the figures:
    /// the order is the one the chairman sees on the summary at that moment.</summary>
    private IReadOnlyList<PlanSection?> Steps =>
        // An area this year's plan left without KPIs is no screen.
        [null, .. ByUrgency(Engine.Catalog.Sections.Where(s => _snapshots.Any(k => k.Kpi.Section.Code == s.Code)), _snapshots)];

    /// <summary>Areas with more KPIs not met first, then more needing attention; catalog order among equals.</summary>
    public static IReadOnlyList<PlanSection> ByUrgency(IEnumerable<PlanSection> sections, IReadOnlyList<KpiSnapshot> snapshots) =>
        sections
            .Select(s => (Section: s, Kpis: snapshots.Where(k => k.Kpi.Section.Code == s.Code).ToList()))
            .OrderByDescending(x => x.Kpis.Count(k => k.Status == KpiStatus.NotMet))
            .ThenByDescending(x => x.Kpis.Count(k => k.Status == KpiStatus.Warning))
            .ThenBy(x => x.Section.Order)
            .Select(x => x.Section)
            .ToList();

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
        Area = Engine.Catalog.Sections.FirstOrDefault(s => s.Code == AreaCode);
        _snapshots = Engine.ForUnit(Unit.Code);
        var today = VietnamTime.Today(Clock);
        _planSummary = await PlanTasks.SummaryAsync(Engine.Catalog, Unit.Code, today.Year, today);
    }

    /// <summary>The area's KPIs: not met, then needing attention, then met and tracked, then those without data; catalog order within each.</summary>
    private IReadOnlyList<KpiSnapshot> InArea => Area is null ? [] : InSection(Area);

    private IReadOnlyList<KpiSnapshot> InSection(PlanSection section) => Ordered(_snapshots.Where(s => s.Kpi.Section.Code == section.Code));

    /// <summary>How an area stands as a whole: not met if any KPI is, else needing attention if any is, else met if any is.</summary>
    private static KpiStatus AreaStatus(IReadOnlyList<KpiSnapshot> kpis) =>
        kpis.Any(k => k.Status == KpiStatus.NotMet) ? KpiStatus.NotMet
        : kpis.Any(k => k.Status == KpiStatus.Warning) ? KpiStatus.Warning
        : kpis.Any(k => k.Status == KpiStatus.Met) ? KpiStatus.Met
        : KpiStatus.NoData;

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

    private string Link(PlanSection? section) => section is null
        ? $"/briefing?unit={Uri.EscapeDataString(Unit.Code)}"
        : $"/briefing?unit={Uri.EscapeDataString(Unit.Code)}&area={Uri.EscapeDataString(section.Code)}";

    private string StepName(PlanSection? section) =>
        section is null ? Loc[nameof(Strings.BriefingSummaryStep)] : $"{section.Code} · {section.Name.Current}";

    private string KpiLink(KpiSnapshot s) => $"/kpi/{s.KpiCode}?unit={Uri.EscapeDataString(s.UnitCode)}";

    public void Dispose() => _subscription?.Dispose();
}
