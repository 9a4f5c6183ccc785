using System.Globalization;
using Cronos;
using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Http;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Feeds;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Digests;
using Dashboard.Web.Resources;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// Feed health for office staff: last success, last error, next run, recent runs, rejected rows; run now; edit. Runs and
/// rejected rows are those of the reader's units (<see cref="RunReach"/>).
/// </summary>
public partial class Feeds : IDisposable
{
    private const int RecentRuns = 10;

    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public FeedHealth Health { get; set; } = default!;
    [Inject] public JobStorage Storage { get; set; } = default!;
    [Inject] public IBackgroundJobClient Jobs { get; set; } = default!;
    [Inject] public IRecurringJobManager Recurring { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public HolidayCalendar Holidays { get; set; } = default!;
    [Inject] public IOptions<DigestOptions> DigestSettings { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    private List<FeedRow> _feeds = [];
    private Dictionary<string, List<FeedRun>> _runs = [];
    private Dictionary<string, DateTimeOffset?> _nextRuns = [];
    private readonly HashSet<string> _queued = [];
    private long? _shownRejections;
    private List<FeedRejection> _rejections = [];
    // Rejected rows of the shown run that belong to units outside the reader's reach: counted, not listed.
    private int _hiddenRejections;
    private RunReach? _reach;
    // Next year's official holiday file is due and missing (the same warning as /health/ready's "holidays").
    private int? _missingHolidayYear;

    private FeedRow? _editing;
    private string? _editCron;
    private string _editTimeout = "";
    private string _editCadence = "";
    private bool _editEnabled;
    private string _editSettings = "";
    private string? _editError;

    // Created while the page renders, so in its reader's language.
    private readonly SubscriberCulture _culture = SubscriberCulture.Capture();

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override async Task OnInitializedAsync()
    {
        _reach = RunReach.Of((await AuthState).User, Access, Units);
        _missingHolidayYear = HolidayListHealthCheck.MissingYear(Holidays, Clock, DigestSettings.Value);
        await LoadAsync();
        Health.Changed += OnHealthChanged;
    }

    // Raised on the thread of the feed run that ended: the page re-renders in its reader's language, not the run's.
    private void OnHealthChanged() => _culture.Run(() => _ = InvokeAsync(async () =>
    {
        _queued.Clear();
        await LoadAsync();
        StateHasChanged();
    }));

    private async Task LoadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _feeds = await db.Feeds.AsNoTracking().OrderBy(f => f.Kind == FeedKinds.Simulator).ThenBy(f => f.Id).ToListAsync();
        var ids = _feeds.Select(f => f.Id).ToList();
        var runs = new Dictionary<string, List<FeedRun>>();
        foreach (var id in ids)
            runs[id] = await _reach!.Runs(db.FeedRuns.AsNoTracking().Where(r => r.FeedId == id)).OrderByDescending(r => r.Id).Take(RecentRuns).ToListAsync();
        _runs = runs;
        using var connection = Storage.GetConnection();
        _nextRuns = connection.GetRecurringJobs()
            .Where(j => j.Id.StartsWith("feed-", StringComparison.Ordinal))
            .ToDictionary(j => j.Id["feed-".Length..], j => j.NextExecution is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : (DateTimeOffset?)null);
        if (_shownRejections is { } runId) await ShowRejectionsAsync(runId);
    }

    private void RunNow(string feedId)
    {
        Jobs.Enqueue<FeedJob>(j => j.RunNowAsync(feedId, null, CancellationToken.None));
        _queued.Add(feedId);
    }

    private async Task ToggleRejections(long runId)
    {
        if (_shownRejections == runId)
        {
            _shownRejections = null;
            return;
        }
        await ShowRejectionsAsync(runId);
    }

    private async Task ShowRejectionsAsync(long runId)
    {
        // Only a run listed here, so only one the reader may see.
        if (_runs.Values.SelectMany(r => r).FirstOrDefault(r => r.Id == runId) is not { } run)
        {
            _shownRejections = null;
            return;
        }
        await using var db = await DbFactory.CreateDbContextAsync();
        var rows = _reach!.Rows(run, db.FeedRejections.AsNoTracking());
        _rejections = await rows.OrderBy(r => r.Row).Take(500).ToListAsync();
        _hiddenRejections = Math.Max(0, run.Rejected - await rows.CountAsync());
        _shownRejections = runId;
    }

    private void StartEdit(FeedRow feed)
    {
        _editing = feed;
        _editCron = feed.Cron;
        _editTimeout = feed.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        _editCadence = feed.CadenceMinutes.ToString(CultureInfo.InvariantCulture);
        _editEnabled = feed.Enabled;
        _editSettings = feed.SettingsJson;
        _editError = null;
    }

    private async Task SaveAsync()
    {
        if (_editing is null) return;
        _editError = Validate(out var timeout, out var cadence);
        if (_editError is not null) return;

        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var row = await db.Feeds.SingleAsync(f => f.Id == _editing.Id);
            row.Cron = string.IsNullOrWhiteSpace(_editCron) ? null : _editCron.Trim();
            row.TimeoutSeconds = timeout;
            row.CadenceMinutes = cadence;
            row.Enabled = _editEnabled;
            row.SettingsJson = string.IsNullOrWhiteSpace(_editSettings) ? "{}" : _editSettings;
            row.UpdatedAt = Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            JobSchedule.Register(Recurring, row);
            Health.Configure(row);
        }
        _editing = null;
        await LoadAsync();
    }

    private string? Validate(out int timeout, out int cadence)
    {
        cadence = 0;
        if (!int.TryParse(_editTimeout, out timeout) || timeout <= 0)
            return string.Format(Loc[nameof(Strings.InvalidNumber)], Loc[nameof(Strings.FeedTimeout)]);
        if (!int.TryParse(_editCadence, out cadence) || cadence < 0)
            return string.Format(Loc[nameof(Strings.InvalidNumber)], Loc[nameof(Strings.FeedCadence)]);
        if (!string.IsNullOrWhiteSpace(_editCron))
        {
            try
            {
                var cron = _editCron.Trim();
                CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                return string.Format(Loc[nameof(Strings.InvalidCron)], _editCron, ex.Message);
            }
        }
        if (_editing!.Kind == FeedKinds.HttpJson)
        {
            try
            {
                HttpJsonFeed.ReadSettings(new FeedRow { Id = _editing.Id, Kind = _editing.Kind, NameVi = "", NameEn = "", SettingsJson = _editSettings });
            }
            catch (FeedFaultException ex)
            {
                return ex.Message;
            }
        }
        return null;
    }

    private string When(DateTimeOffset? at) => at is { } t ? KpiFormat.Time(t, Clock) : Loc[nameof(Strings.FeedNever)];

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static string Duration(FeedRun run) => run.FinishedAt is { } end
        ? ((end - run.StartedAt).TotalSeconds).ToString("0.0", KpiFormat.Vi) + " s"
        : "…";

    private string OutcomeText(string outcome) => outcome switch
    {
        FeedOutcome.Succeeded => Loc[nameof(Strings.OutcomeSucceeded)],
        FeedOutcome.Failed => Loc[nameof(Strings.OutcomeFailed)],
        _ => Loc[nameof(Strings.OutcomeRunning)],
    };

    /// <summary>Only feeds the server fetches itself can be run on demand; pushed and uploaded ones arrive when sent.</summary>
    private static bool CanRunNow(FeedRow feed) => feed.Kind is FeedKinds.HttpJson or FeedKinds.Simulator;

    private string KindText(string kind) => kind switch
    {
        FeedKinds.Simulator => Loc[nameof(Strings.KindSimulator)],
        FeedKinds.HttpJson => Loc[nameof(Strings.KindHttpJson)],
        FeedKinds.Webhook => Loc[nameof(Strings.KindWebhook)],
        FeedKinds.FileImport => Loc[nameof(Strings.KindFileImport)],
        FeedKinds.Manual => Loc[nameof(Strings.KindManual)],
        _ => kind,
    };

    private string TriggerText(string trigger) => trigger switch
    {
        FeedTriggers.Schedule => Loc[nameof(Strings.TriggerSchedule)],
        FeedTriggers.Manual => Loc[nameof(Strings.TriggerManual)],
        FeedTriggers.Upload => Loc[nameof(Strings.TriggerUpload)],
        FeedTriggers.Api => Loc[nameof(Strings.TriggerApi)],
        FeedTriggers.Webhook => Loc[nameof(Strings.TriggerWebhook)],
        FeedTriggers.Folder => Loc[nameof(Strings.TriggerFolder)],
        _ => trigger,
    };

    public void Dispose() => Health.Changed -= OnHealthChanged;
}
