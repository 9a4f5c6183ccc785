using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Hosting;
using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Wall;

/// <summary>
/// The meeting-room screen: one view of the device's playlist at a time, rotating on its own, live like every page.
/// Nothing here waits for input; the device is re-checked every few seconds so a revoked screen goes dark by itself.
/// </summary>
public partial class Wall : IDisposable
{
    [Inject] public KpiEngine Engine { get; set; } = default!;
    [Inject] public KpiChangeBus Bus { get; set; } = default!;
    [Inject] public FeedHealth Health { get; set; } = default!;
    [Inject] public Scoreboard Board { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public WallDevices Devices { get; set; } = default!;
    [Inject] public WallCircuits Circuits { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public IOptions<ScoresOptions> ScoresOptions { get; set; } = default!;
    [Inject] public IOptions<WallOptions> WallOptions { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Shows one view and stays on it (an administrator's preview), e.g. <c>/wall?view=scores</c>.</summary>
    [SupplyParameterFromQuery(Name = "view")] public string? PinnedView { get; set; }

    /// <summary>For a signed-in person only: which of their units; a device shows its own.</summary>
    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }

    public const int OverdueRows = 5;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ScoresEvery = TimeSpan.FromSeconds(10);

    /// <summary>Which KPIs the digital-transformation view shows: the plan's section 3.6 and the online public services.</summary>
    private static readonly string[] DigitalKpis =
        ["ho-so-truc-tuyen", "ho-so-toan-trinh", "ho-so-thanh-toan-truc-tuyen", "ho-so-so-hoa", "tin-bai-cong-ttdt", "xep-hang-dti"];

    private AdminUnit? _unit;
    private IReadOnlyList<WallSlot> _slots = WallPlaylist.Default;
    private int _index;
    private DateTimeOffset _slotStarted;
    private IReadOnlyList<KpiSnapshot> _snapshots = [];
    private IReadOnlyList<ScoreCard> _cards = [];
    private WallOverdue? _overdue;
    private DateTimeOffset _scoredAt;
    private string _scoresWindow = "";
    private IReadOnlyDictionary<string, (int Rank, int Of)> _ranks = new Dictionary<string, (int, int)>();
    private string _clock = "";
    private long? _deviceId;
    private string? _stamp;
    private bool _revoked;
    private IDisposable? _subscription;
    private IDisposable? _circuit;
    private PeriodicTimer? _timer;

    private WallSlot Current => _slots[_index];

    private bool ShowsDemo => _snapshots.Any(s => s.IsDemo) || _overdue?.IsDemo == true;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _deviceId = WallAuthentication.DeviceId(user);
        _stamp = user.FindFirst(WallAuthentication.StampClaim)?.Value;
        if (_deviceId is { } id && await Devices.FindAsync(id) is { } device) _slots = WallPlaylist.Parse(device.Playlist);
        if (WallPlaylist.FromId(PinnedView) is { } pinned) _slots = [new WallSlot(pinned, WallPlaylist.MaxSeconds)];
        _unit = Access.Choose(user, _deviceId is null ? UnitCode : null, Options.Value.HomeUnit);
        if (_unit is null) return;
        _slotStarted = Clock.GetUtcNow();
        _clock = ClockText();
        await RefreshAsync();
        if (!RendererInfo.IsInteractive) return;

        _subscription = Bus.OnChanged(() => InvokeAsync(async () =>
        {
            if (_revoked) return;
            await RefreshAsync();
            StateHasChanged();
        }));
        if (_deviceId is { } open)
        {
            _circuit = Circuits.Open(open);
            Devices.Revoked += OnRevoked;
        }
        _ = RunAsync();
    }

    /// <summary>The data of what is on screen now; the other views are computed when their turn comes.</summary>
    private async Task RefreshAsync(bool viewChanged = false)
    {
        _snapshots = Engine.ForUnit(_unit!.Code);
        var now = Clock.GetUtcNow();
        var today = VietnamTime.Today(Clock);
        var options = ScoresOptions.Value;
        if (Current.View == WallView.Overdue)
            // The late dossiers listed are those of the apology KPI's own default window, the one its card shows.
            _overdue = WallOverdue.Of(Board.RecordsOf(_unit.Code),
                KpiWindows.Default(Board.Catalog.Find(WallOverdue.ApologyKpi)?.Window ?? WindowKind.YearToDate, options.CutOff, today), now);
        // Scores move slowly and cost a store read: a KPI changing every second recomputes them at most every few seconds.
        if (Current.View == WallView.Scores && (viewChanged || _cards.Count == 0 || now - _scoredAt >= ScoresEvery))
        {
            var window = ReportingWindow.Containing(options.DefaultWindow, options.CutOff, today);
            var readings = await Board.ReadingsAsync([_unit.Code]);
            _cards = Board.Rubrics.All.Select(r => Board.Score(_unit.Code, r, window, readings)).ToList();
            // The rank among the sibling communes, as the overview and /scores give it.
            var ranks = new Dictionary<string, (int Rank, int Of)>();
            foreach (var rubric in Board.Rubrics.All)
            {
                var ranking = await Board.RankScoresAsync(_unit.Code, rubric, window);
                if (ranking.FirstOrDefault(x => x.Unit.Code == _unit.Code)?.Rank is { } rank)
                    ranks[rubric.Code] = (rank, ranking.Count(x => x.Rank is not null));
            }
            _ranks = ranks;
            _scoresWindow = $"{window.Start.ToString("dd/MM/yyyy", KpiFormat.Vi)}–{window.LastDay.ToString("dd/MM/yyyy", KpiFormat.Vi)}";
            _scoredAt = now;
        }
    }

    /// <summary>One loop for everything time moves: the rotation, the clock, freshness, and the device's standing.</summary>
    private async Task RunAsync()
    {
        _timer = new PeriodicTimer(Tick);
        var lastCheck = DateTimeOffset.MinValue;
        var lastFreshness = Clock.GetUtcNow();
        try
        {
            while (await _timer.WaitForNextTickAsync())
            {
                var now = Clock.GetUtcNow();
                if (_deviceId is { } id && now - lastCheck >= WallOptions.Value.DeviceCheckInterval)
                {
                    lastCheck = now;
                    if (!await Devices.IsActiveAsync(id, _stamp ?? ""))
                    {
                        await InvokeAsync(Revoke);
                        return;
                    }
                    await Devices.TouchAsync(id, null);
                }
                var changed = false;
                var turned = false;
                if (_slots.Count > 1 && now - _slotStarted >= TimeSpan.FromSeconds(Current.Seconds))
                {
                    _index = (_index + 1) % _slots.Count;
                    _slotStarted = now;
                    changed = turned = true;
                }
                var clock = ClockText();
                changed |= clock != _clock;
                // Freshness badges move with time alone; tiles redraw only if theirs changed.
                if (now - lastFreshness >= Pages.Overview.FreshnessInterval)
                {
                    lastFreshness = now;
                    changed = true;
                }
                if (!changed) continue;
                await InvokeAsync(async () =>
                {
                    _clock = clock;
                    await RefreshAsync(turned);
                    StateHasChanged();
                });
            }
        }
        catch (ObjectDisposedException) { }
        catch (Exception ex)
        {
            // The loop must not die silently: a wall that stops rotating looks alive and lies. Handed to the renderer, the
            // error is logged, ends the circuit, and the page reloads itself (Layout/ReconnectModal.razor.js).
            await DispatchExceptionAsync(ex);
        }
    }

    private void OnRevoked(long id)
    {
        if (id == _deviceId) _ = InvokeAsync(Revoke);
    }

    /// <summary>Stops showing data at once, then leaves the live connection for a plain page.</summary>
    private void Revoke()
    {
        if (_revoked) return;
        _revoked = true;
        Stop();
        StateHasChanged();
        Navigation.NavigateTo(WallAuthentication.RevokedPath, forceLoad: true);
    }

    private string ClockText()
    {
        var local = VietnamTime.ToLocal(Clock.GetUtcNow());
        return local.ToString("HH:mm · dddd dd/MM/yyyy", System.Globalization.CultureInfo.CurrentCulture);
    }

    private string ViewTitle(WallView view) => WallText.ViewName(view, Loc);

    private List<KpiSnapshot> TilesOf(WallView view) => view switch
    {
        WallView.Dossiers => _snapshots.Where(s => s.Kpi.Section.Code == "3.2").ToList(),
        WallView.Finance => _snapshots.Where(s => s.Kpi.Section.Code == "3.5").ToList(),
        WallView.Digital => _snapshots.Where(s => s.Kpi.Section.Code == "3.6" || DigitalKpis.Contains(s.KpiCode)).ToList(),
        _ => [],
    };

    /// <summary>Columns that fill a 16:9 screen best for this many tiles.</summary>
    private static int Columns(int tiles) => tiles switch
    {
        <= 3 => Math.Max(1, tiles),
        4 => 2,
        // Up to nine in three columns: a band ("Trung bình") needs the width a percentage does not.
        <= 9 => 3,
        <= 12 => 4,
        _ => 5,
    };

    /// <summary>One area of the plan: targets met out of those that have a target (tracked figures have none).</summary>
    private sealed record Area(PlanSection Section, int Total, int Met, int Warning, int NotMet, int NoData, int Tracked, int Late, DateTimeOffset? UpdatedAt)
    {
        public string StatusClass => NotMet > 0 ? "not-met" : Warning > 0 ? "warning" : Met > 0 ? "met" : "no-data";
    }

    private IEnumerable<Area> Areas() => Engine.Catalog.Sections.Select(section =>
    {
        var kpis = _snapshots.Where(s => s.Kpi.Section.Code == section.Code).ToList();
        int Count(KpiStatus status) => kpis.Count(s => s.Status == status);
        return new Area(section, kpis.Count - Count(KpiStatus.Tracked), Count(KpiStatus.Met), Count(KpiStatus.Warning), Count(KpiStatus.NotMet),
            Count(KpiStatus.NoData), Count(KpiStatus.Tracked), kpis.Count(s => Health.Of(s).ShowsBadge), kpis.Max(s => s.UpdatedAt));
    });

    private IEnumerable<(string Title, IReadOnlyList<OverdueItem> Items, string Kpi)> OverdueColumns()
    {
        if (_overdue is null) yield break;
        yield return (Loc[nameof(Strings.WallOverdueReports)], _overdue.Reports, "bao-cao-lris-gris");
        yield return (Loc[nameof(Strings.WallOverdueTasks)], _overdue.Tasks, "nhiem-vu-huyen-giao");
        yield return (Loc[nameof(Strings.WallLateWithoutApology)], _overdue.LateWithoutApology, "ho-so-tre-han-xin-loi");
    }

    private KpiSnapshot? Snapshot(string code) => _snapshots.FirstOrDefault(s => s.KpiCode == code);

    private string OverdueMeta(OverdueItem item) => string.Format(Loc[nameof(Strings.WallOverdueMeta)],
        item.DaysLate, item.DueDay.ToString("dd/MM/yyyy", KpiFormat.Vi),
        item.Agency is { } code ? Board.Catalog.FindAgency(code)?.Name.Current ?? code : Loc[nameof(Strings.NoAgency)]);

    private string Updated(DateTimeOffset? at) => at is { } t
        ? string.Format(Loc[nameof(Strings.UpdatedAt)], KpiFormat.ShortTime(t, Clock))
        : Loc[nameof(Strings.NotUpdated)];

    /// <summary>
    /// A group's bar in the status colours: met from 80% of the points it could score with data, needing attention from 50%,
    /// not met below (docs/scores.md, "On the wall"). A group with no data has no bar.
    /// </summary>
    public static KpiStatus GroupStatus(GroupScore g) => g.MaxWithData > 0 && g.Points is { } p
        ? (p / g.MaxWithData) switch { >= 0.8m => KpiStatus.Met, >= 0.5m => KpiStatus.Warning, _ => KpiStatus.NotMet }
        : KpiStatus.NoData;

    private static string GroupPercent(GroupScore g) => g.MaxWithData > 0 && g.Points is { } p
        ? Math.Round(p / g.MaxWithData * 100m, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "0";

    private void Stop()
    {
        _subscription?.Dispose();
        _subscription = null;
        _timer?.Dispose();
        _circuit?.Dispose();
        _circuit = null;
        Devices.Revoked -= OnRevoked;
    }

    public void Dispose() => Stop();
}
