using Dashboard.Shared.Catalog;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Wall;
using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// Wall screens: register one and get its pairing link once (only a hash is kept), choose its units and rotation, see
/// when it last called and how many walls it holds open, revoke it.
/// </summary>
public partial class DevicesPage
{
    [Inject] public WallDeviceAdministration Devices { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [Inject] public WallCircuits Circuits { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "device")] public DeviceInput? Input { get; set; }
    [SupplyParameterFromQuery(Name = "edit")] public long? EditId { get; set; }
    [SupplyParameterFromQuery(Name = "revoke")] public long? RevokeId { get; set; }

    private List<WallDevice> _devices = [];
    private (string Link, string Code)? _pairing;
    private string? _message;

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
        _devices = await Devices.ListAsync(HttpContext.User);
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
        _devices = await Devices.ListAsync(HttpContext.User);
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
            _pairing = (Navigation.ToAbsoluteUri($"{WallAuthentication.PairPath}?token={Uri.EscapeDataString(secret)}").ToString(), secret);
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
        _devices = await Devices.ListAsync(HttpContext.User);
    }

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
