using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Digests;
using Dashboard.Web.Hosting;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// Email digests: the subscriptions the reader may manage (of the units within their reach: Admins and Editors all of
/// those, a Viewer their own), their last deliveries with any error, and one form to add or edit. Nothing of any other
/// subscription is shown, its recipients least of all. The forms post over HTTP to <see cref="DigestEndpoints"/>.
/// </summary>
public partial class Digests
{
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public KpiCatalog Catalog { get; set; } = default!;
    [Inject] public DeliveryLog Log { get; set; } = default!;
    [Inject] public HolidayCalendar Holidays { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "edit")] public long? EditId { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] public string? Saved { get; set; }
    [SupplyParameterFromQuery(Name = "deleted")] public string? Deleted { get; set; }
    [SupplyParameterFromQuery(Name = "delete")] public long? DeleteId { get; set; }
    [SupplyParameterFromQuery(Name = "tested")] public string? Tested { get; set; }

    private List<DigestSubscription> _subscriptions = [];
    private IReadOnlyDictionary<long, List<DigestDelivery>> _deliveries = new Dictionary<long, List<DigestDelivery>>();
    private List<AdminUnit> _units = [];
    private DigestSubscription? _editing;
    // Blazor renders once at the first await that yields (a server database yields; SQLite rarely does), before the data
    // is read: the blank form keeps that render harmless. The page sent is the one rendered after loading.
    private DigestSubscription _form = new() { Owner = "", Name = "", Recipients = "", UnitCode = "", Cron = "", Preset = "" };
    private HashSet<string> _areas = [];
    private System.Security.Claims.ClaimsPrincipal _user = new();

    protected override async Task OnParametersSetAsync()
    {
        var user = _user = (await AuthState).User;
        var allowed = Access.Allowed(user);
        _units = Units.All.Where(u => allowed.Contains(u.Code)).ToList();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var codes = allowed.ToList();
            var query = db.DigestSubscriptions.AsNoTracking().Where(s => codes.Contains(s.UnitCode));
            if (!DigestEndpoints.ManagesAll(user))
            {
                var name = user.Identity?.Name ?? "";
                query = query.Where(s => s.Owner == name);
            }
            // The same rule as every endpoint applies, so the page never lists what they would refuse.
            _subscriptions = (await query.OrderBy(s => s.Id).ToListAsync()).Where(s => DigestEndpoints.CanManage(user, s, Access)).ToList();
        }
        _deliveries = await Log.RecentAsync(_subscriptions.Select(s => s.Id).ToList(), perSubscription: 5, CancellationToken.None);
        _editing = _subscriptions.FirstOrDefault(s => s.Id == EditId);
        var home = Access.Choose(user, null, Options.Value.HomeUnit)?.Code ?? "";
        _form = _editing ?? new DigestSubscription
        {
            Owner = "", Name = "", Recipients = "", UnitCode = home, Cron = DigestSchedule.PresetCron(DigestSchedule.WorkingDays)!,
            Preset = DigestSchedule.WorkingDays, WorkingDaysOnly = true,
        };
        _areas = _form.Areas.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }

    private string UnitName(string code) => Units.Find(code)?.Name.Current ?? code;

    private string PresetText(string preset) => preset switch
    {
        DigestSchedule.WorkingDays => Loc[nameof(Strings.DigestPresetWorkingDays)],
        DigestSchedule.Monday => Loc[nameof(Strings.DigestPresetMonday)],
        DigestSchedule.MonthStart => Loc[nameof(Strings.DigestPresetMonthStart)],
        _ => Loc[nameof(Strings.DigestPresetCustom)],
    };

    private string ContentText(DigestSubscription s) => s.Content switch
    {
        "off-track" => Loc[nameof(Strings.DigestContentOffTrack)],
        "areas" => $"{Loc[nameof(Strings.DigestContentAreas)]}: {s.Areas}",
        _ => Loc[nameof(Strings.DigestContentAll)],
    };

    private string StateText(DigestDelivery d) => d.State switch
    {
        DigestState.Sent => string.Format(Loc[nameof(Strings.DigestStateSent)], d.SentAt is { } at ? KpiFormat.Time(new DateTimeOffset(at, TimeSpan.Zero), Clock) : ""),
        DigestState.Late => string.Format(Loc[nameof(Strings.DigestStateLate)], d.SentAt is { } at ? KpiFormat.Time(new DateTimeOffset(at, TimeSpan.Zero), Clock) : ""),
        DigestState.Failed => Loc[nameof(Strings.DigestStateFailed)],
        DigestState.Missed => Loc[nameof(Strings.DigestStateMissed)],
        _ => Loc[nameof(Strings.DigestStateClaimed)],
    };

    private string NextRun(DigestSubscription s) =>
        s.Enabled && DigestSchedule.Parse(s.Cron, out _) is not null && DigestSchedule.NextSending(s.Cron, s.WorkingDaysOnly, Holidays, Clock.GetUtcNow()) is { } next
            ? VietnamTime.ToLocal(next).ToString("HH:mm dddd dd/MM/yyyy", System.Globalization.CultureInfo.CurrentCulture)
            : "—";
}
