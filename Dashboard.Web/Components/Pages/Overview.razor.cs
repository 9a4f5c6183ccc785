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

/// <summary>One tile per KPI of the plan, grouped by plan section, live.</summary>
public partial class Overview : IDisposable
{
    [Inject] public KpiEngine Engine { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public FeedHealth Health { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public PlanTaskStore PlanTasks { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Another commune than the configured home unit, e.g. <c>/?unit=que-an</c>.</summary>
    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }

    private AdminUnit Unit { get; set; } = default!;
    private IReadOnlyList<KpiSnapshot> _snapshots = [];
    private IDisposable? _subscription;
    // The plan's tasks of this year, as of today in Vietnam: one line linking to /plan (not live: a task changes by hand).
    private PlanTaskSummary? _planSummary;
    private PeriodicTimer? _freshnessTimer;
    // Created while the page renders, so in its reader's language.
    private readonly SubscriberCulture _culture = SubscriberCulture.Capture();

    /// <summary>How often tiles re-check freshness, which changes with time alone.</summary>
    public static readonly TimeSpan FreshnessInterval = TimeSpan.FromSeconds(30);

    private bool ShowsDemo => _snapshots.Any(s => s.IsDemo);

    protected override void OnInitialized()
    {
        _subscription = Bus.OnChanged(() => InvokeAsync(() =>
        {
            _snapshots = Engine.ForUnit(Unit.Code);
            StateHasChanged();
        }));
        Health.Changed += OnHealthChanged;
        _ = RecheckFreshnessAsync();
    }

    // Raised on the thread of the feed run that ended: the page re-renders in its reader's language, not the run's.
    private void OnHealthChanged() => _culture.Run(() => _ = InvokeAsync(StateHasChanged));

    private async Task RecheckFreshnessAsync()
    {
        // Only live circuits tick; a prerender ends before the first tick and disposes the timer.
        _freshnessTimer = new PeriodicTimer(FreshnessInterval);
        try
        {
            while (await _freshnessTimer.WaitForNextTickAsync()) await InvokeAsync(StateHasChanged);
        }
        catch (ObjectDisposedException) { }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Access.Choose((await AuthState).User, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        Unit = unit;
        _snapshots = Engine.ForUnit(Unit.Code);
        var today = VietnamTime.Today(Clock);
        _planSummary = await PlanTasks.SummaryAsync(Engine.Catalog, Unit.Code, today.Year, today);
    }

    private IEnumerable<KpiSnapshot> InSection(PlanSection section) =>
        _snapshots.Where(s => s.Kpi.Section.Code == section.Code);

    private int Count(KpiStatus status) => _snapshots.Count(s => s.Status == status);

    public void Dispose()
    {
        _subscription?.Dispose();
        Health.Changed -= OnHealthChanged;
        _freshnessTimer?.Dispose();
    }
}
