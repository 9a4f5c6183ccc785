using Dashboard.Shared.Catalog;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Components.Wall;
using Dashboard.Web.Digests;
using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// Wall screens: register one and get its pairing link once (only a hash is kept) and a short code to type on the screen's
/// remote, make a new code or cancel a waiting one, choose its units and rotation, see when it last called and how many
/// walls it holds open, revoke it. Links are built from the public address (<see cref="PublicAddress"/>), never from the
/// request, which is often the server's own localhost.
/// </summary>
public partial class DevicesPage
{
    [Inject] public WallDeviceAdministration Devices { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [Inject] public WallCircuits Circuits { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public IOptions<DigestOptions> Digests { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "device")] public DeviceInput? Input { get; set; }
    [SupplyParameterFromQuery(Name = "edit")] public long? EditId { get; set; }
    [SupplyParameterFromQuery(Name = "revoke")] public long? RevokeId { get; set; }

    private List<WallDevice> _devices = [];
    private string? _pairing;
    private IssuedCode? _code;
    private Dictionary<long, PendingPairingCode> _pending = [];
    private string? _message;
    private string? _notice;

    private sealed record IssuedCode(long Id, string DeviceName, string Code, DateTime ExpiresAt);

    private string PublicBase => Digests.Value.BaseUrl;

    private string PairPageLink => PublicAddress.Link(PublicBase, WallAuthentication.PairPath);

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    protected override async Task OnInitializedAsync()
    {
        if (Input is null)
        {
            Input = new() { Views = Enum.GetValues<WallView>().Select(WallPlaylist.Id).ToArray() };
            if (EditId is { } id && await Devices.FindAsync(HttpContext.User, id) is { RevokedAt: null } device)
            {
                var slots = WallPlaylist.Parse(device.Playlist);
                Input = new DeviceInput
                {
                    Id = device.Id, Name = device.Name, Units = ApiKeyAuthentication.Split(device.Units).ToArray(),
                    Views = slots.Select(s => WallPlaylist.Id(s.View)).ToArray(),
                    Seconds = slots.ToDictionary(s => WallPlaylist.Id(s.View), s => s.Seconds),
                };
            }
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _devices = await Devices.ListAsync(HttpContext.User);
        _pending = await Devices.PendingCodesAsync(_devices);
    }

    private async Task SaveAsync()
    {
        var units = (Input!.Units ?? []).Where(u => Units.Find(u) is not null).ToList();
        var playlist = Playlist(Input, out var error);
        if (string.IsNullOrWhiteSpace(Input.Name)) error ??= Loc[nameof(Strings.DeviceNameRequired)];
        if (units.Count == 0) error ??= Loc[nameof(Strings.DeviceUnitsRequired)];
        if (error is not null)
        {
            _message = error;
            return;
        }
        try
        {
            await SaveWithinReachAsync(units, playlist);
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"wall-device {Input.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Input.Name}: {refused.Refusal}, {string.Join(",", units)}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
        }
        await LoadAsync();
    }

    private async Task SaveWithinReachAsync(List<string> units, List<WallSlot> playlist)
    {
        if (Input!.Id is { } id)
        {
            if (await Devices.UpdateAsync(HttpContext.User, id, units, playlist))
                await Audit.WriteAsync(Me, "wall-device-updated", $"{id}: {string.Join(",", units)} / {WallPlaylist.Format(playlist)}", HttpContext);
        }
        else
        {
            var (device, secret) = await Devices.CreateAsync(HttpContext.User, Input.Name!, units, playlist);
            await Audit.WriteAsync(Me, "wall-device-created", $"{device.Name} ({device.Prefix}): {device.Units} / {device.Playlist}", HttpContext);
            _pairing = PublicAddress.Link(PublicBase, $"{WallAuthentication.PairPath}?token={Uri.EscapeDataString(secret)}");
            await IssueCodeAsync(device.Id);
            Input = new() { Views = Enum.GetValues<WallView>().Select(WallPlaylist.Id).ToArray() };
        }
    }

    /// <summary>The ticked views in their fixed order, each with its seconds; the first problem found, named.</summary>
    private List<WallSlot> Playlist(DeviceInput input, out string? error)
    {
        error = null;
        var slots = new List<WallSlot>();
        foreach (var view in Enum.GetValues<WallView>())
        {
            if (input.Views?.Contains(WallPlaylist.Id(view)) != true) continue;
            var seconds = SecondsOf(view);
            if (seconds is < WallPlaylist.MinSeconds or > WallPlaylist.MaxSeconds)
                error ??= string.Format(Loc[nameof(Strings.DeviceSecondsOutOfRange)], ViewName(view), WallPlaylist.MinSeconds, WallPlaylist.MaxSeconds);
            slots.Add(new WallSlot(view, seconds));
        }
        if (slots.Count == 0) error ??= Loc[nameof(Strings.DeviceViewsRequired)];
        return slots;
    }

    private async Task RevokeAsync(long id)
    {
        var which = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (await Devices.RevokeAsync(HttpContext.User, id)) await Audit.WriteAsync(Me, "wall-device-revoked", which, HttpContext);
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"wall-device {which}: {refused.Refusal}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
        }
        await LoadAsync();
    }

    private async Task IssueCodeAsync(long id)
    {
        var which = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (await Devices.IssueCodeAsync(HttpContext.User, id) is { } issued && await Devices.FindAsync(HttpContext.User, id) is { } device)
            {
                _code = new IssuedCode(issued.Row.Id, device.Name, issued.Code, issued.Row.ExpiresAt);
                await Audit.WriteAsync(Me, "wall-code-issued", $"{which}: {issued.Row.Id}", HttpContext);
            }
            else _message = Loc[nameof(Strings.DeviceCodeNotIssued)];
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"wall-code {which}: {refused.Refusal}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
        }
        await LoadAsync();
    }

    private async Task CancelCodeAsync(long codeId, string deviceName)
    {
        var which = codeId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (await Devices.CancelCodeAsync(HttpContext.User, codeId))
            {
                await Audit.WriteAsync(Me, "wall-code-cancelled", which, HttpContext);
                _notice = string.Format(Loc[nameof(Strings.DeviceCodeCancelled)], deviceName);
            }
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"wall-code {which}: {refused.Refusal}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
        }
        _code = null;
        await LoadAsync();
    }

    /// <summary>An expiry stored in UTC, read in Vietnam (vi-VN): the time alone today, with the date otherwise.</summary>
    private string ExpiryText(DateTime utc) => KpiFormat.Time(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Clock);

    private IEnumerable<AdminUnit> GrantableUnits => Units.All.Where(u => Scope.MayGrantUnits(HttpContext.User, [u.Code]));

    private string ViewName(WallView view) => WallText.ViewName(view, Loc);

    private int SecondsOf(WallView view) =>
        Input?.Seconds is { } seconds && seconds.TryGetValue(WallPlaylist.Id(view), out var s) ? s : WallPlaylist.DefaultSeconds;

    private string Describe(string playlist) =>
        string.Join(" · ", WallPlaylist.Parse(playlist).Select(s => $"{ViewName(s.View)} {s.Seconds} s"));

    public sealed class DeviceInput
    {
        public long? Id { get; set; }
        public string? Name { get; set; }
        public string[]? Units { get; set; }
        public string[]? Views { get; set; }
        /// <summary>Seconds per view id (<c>Input.Seconds[scores]</c>).</summary>
        public Dictionary<string, int>? Seconds { get; set; }
    }
}
