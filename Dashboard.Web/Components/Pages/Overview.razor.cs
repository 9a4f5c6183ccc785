using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Reports;
using Dashboard.Web.Hosting;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// The commune's standing (its scores with coverage, band and rank; the counts by status; what is off track and whose it
/// is), then one tile per KPI with a 12-month sparkline, the outcome goals first; live.
/// </summary>
public partial class Overview : IDisposable
{
    [Inject] public KpiEngine Engine { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public FeedHealth Health { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public PlanTaskStore PlanTasks { get; set; } = default!;
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> ScoreOptions { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public SharedMonthlyFigures SharedMonthly { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Another commune than the configured home unit, e.g. <c>/?unit=que-an</c>.</summary>
    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }

    private AdminUnit Unit { get; set; } = default!;
    private IReadOnlyList<KpiSnapshot> _snapshots = [];
    private IReadOnlyList<ScoreTile> _scores = [];
    private IReadOnlyDictionary<string, MonthlyFigures> _monthly = new Dictionary<string, MonthlyFigures>();
    private IReadOnlySet<string> _visible = new HashSet<string>();
    private IDisposable? _subscription;
    // The plan's tasks of this year, as of today in Vietnam: one line linking to /plan (not live: a task changes by hand).
    private PlanTaskSummary? _planSummary;
    private PeriodicTimer? _freshnessTimer;
    // Created while the page renders, so in its reader's language.
    private readonly SubscriberCulture _culture = SubscriberCulture.Capture();

    /// <summary>How many months a tile's sparkline covers.</summary>
    public const int SparklineMonths = 12;

    /// <summary>How often tiles re-check freshness, which changes with time alone; the scores and sparklines are recomputed
    /// as often (not on every reading: ranking the sibling communes and a year of months per KPI costs more than a tile).</summary>
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
            while (await _freshnessTimer.WaitForNextTickAsync())
                await InvokeAsync(async () =>
                {
                    await LoadStandingAsync();
                    StateHasChanged();
                });
        }
        catch (ObjectDisposedException) { }
    }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState).User;
        if (Access.Choose(user, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        Unit = unit;
        _visible = Access.Allowed(user);
        _snapshots = Engine.ForUnit(Unit.Code);
        var today = VietnamTime.Today(Clock);
        _planSummary = await PlanTasks.SummaryAsync(Engine.Catalog, Unit.Code, today.Year, today);
        await LoadStandingAsync();
    }

    private async Task LoadStandingAsync()
    {
        var today = VietnamTime.Today(Clock);
        var options = ScoreOptions.Value;
        var choice = PeriodChoice.From(null, null, null, options.DefaultWindow, options.CutOff, today);
        var scores = new List<ScoreTile>();
        foreach (var rubric in Board.Rubrics.All)
            scores.Add(ScoreTile.Of(await ScoreReport.BuildAsync(Board, DbFactory, rubric, Unit, choice, _visible), Loc));
        _scores = scores;

        // The months end with this one, on the calendar (a sparkline is about the shape, not an administrative cut-off).
        var month = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, today);
        var windows = new List<ReportingWindow> { month };
        while (windows.Count < SparklineMonths) windows.Add(windows[^1].Previous());
        windows.Reverse();
        var names = windows.Select(w => PeriodChoice.ShortLabel(w, Loc)).ToList();
        // Only the tiles' KPIs; the figures are shared with every other overview of the unit while they stay the same.
        var shown = _snapshots.Select(s => s.KpiCode).ToHashSet();
        var values = await Board.MonthlyAsync(Unit.Code, Engine.Catalog.Kpis.Where(k => shown.Contains(k.Code)), month, SparklineMonths);
        _monthly = _snapshots.Where(s => values.ContainsKey(s.KpiCode))
            .ToDictionary(s => s.KpiCode, s => SharedMonthly.Get(Unit.Code, s.Kpi, names, values[s.KpiCode], Loc));
    }

    /// <summary>
    /// What a score tile shows, written when the scores are computed: the page keeps these few strings, not the score
    /// cards, criteria and sibling rankings behind them.
    /// </summary>
    private sealed record ScoreTile(string Rubric, string Name, string BandClass, string Score, string Band, string Coverage, string? Rank)
    {
        public static ScoreTile Of(ScoreReport r, IStringLocalizer<Strings> loc) => new(r.Rubric.Code, r.Rubric.Name.Current,
            r.Card.Band is null ? "no-data" : "tracked", ScoreText.Score(r.Card), ScoreText.Band(r.Card, loc), ScoreText.Coverage(r.Card, loc),
            r.Own?.Rank is { } rank ? string.Format(loc[nameof(Strings.RankShort)], rank, r.Ranking.Count(x => x.Rank is not null)) : null);
    }

    /// <summary>
    /// The outcome goals (the plan's overall goals: PAR, DTI, PAPI, SIPAS) first, then the sections in plan order; a section
    /// this year's plan left without KPIs is not shown empty.
    /// </summary>
    private IEnumerable<PlanSection> SectionsInOrder =>
        Engine.Catalog.Sections.Where(s => InSection(s).Any()).OrderBy(s => s.Area == OutcomeArea ? 0 : 1).ThenBy(s => s.Order);

    /// <summary>The catalog's area of the overall goals (section II.1).</summary>
    public const string OutcomeArea = "muc-tieu-chung";

    /// <summary>What is off track, the worst first: not met, then needs attention; each with its lead agency.</summary>
    private IReadOnlyList<KpiSnapshot> OffTrack => _snapshots
        .Where(s => s.Status is KpiStatus.NotMet or KpiStatus.Warning)
        .OrderBy(s => s.Status == KpiStatus.NotMet ? 0 : 1).ThenBy(s => s.Kpi.Section.Order).ToList();

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
