using System.Globalization;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Wall;

/// <summary>
/// A wall screen pairs once: by the short code an administrator issued (typed on the remote, posted, single use and
/// throttled per address) or by the pairing link (its 256-bit secret in <c>?token=</c>, checked against the stored hash,
/// valid until the device is revoked, so a kiosk that loses its cookie can start from the link again). Either way the
/// screen gets its own long-lived cookie and goes to the wall.
/// </summary>
public partial class WallPair
{
    [Inject] public WallDevices Devices { get; set; } = default!;
    [Inject] public WallPairing Pairing { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "token")] public string? Token { get; set; }
    [SupplyParameterFromForm(FormName = "pair")] public string? Code { get; set; }

    private string? _refusal;
    private PairingOutcome? _outcome;

    protected override async Task OnInitializedAsync()
    {
        if (HttpMethods.IsPost(HttpContext.Request.Method) || string.IsNullOrWhiteSpace(Token)) return;
        var device = await Devices.PairAsync(Token.Trim());
        if (device is null)
        {
            await RefuseAsync(PairingOutcome.Unknown, Loc[nameof(Strings.WallPairRefused)], "link");
            return;
        }
        await PairAsync(device, "link");
    }

    private async Task PairByCodeAsync()
    {
        // The long secret pasted into the box pairs as its link would.
        if (Code?.Trim() is { } typed && typed.StartsWith(WallDevices.SecretKind, StringComparison.Ordinal))
        {
            if (await Devices.PairAsync(typed) is { } byLink) await PairAsync(byLink, "link");
            else await RefuseAsync(PairingOutcome.Unknown, Loc[nameof(Strings.WallPairRefused)], "link");
            return;
        }
        var (outcome, device) = await Pairing.RedeemAsync(Code);
        if (device is not null)
        {
            await PairAsync(device, "code");
            return;
        }
        await RefuseAsync(outcome, Message(outcome), "code");
    }

    private string Message(PairingOutcome outcome) => outcome switch
    {
        PairingOutcome.Malformed => string.Format(CultureInfo.CurrentCulture, Loc[nameof(Strings.PairingCodeMalformed)], PairingCode.Length),
        PairingOutcome.Expired => Loc[nameof(Strings.PairingCodeExpired)],
        PairingOutcome.Used => Loc[nameof(Strings.PairingCodeUsed)],
        PairingOutcome.Cancelled => Loc[nameof(Strings.PairingCodeCancelled)],
        PairingOutcome.DeviceRevoked => Loc[nameof(Strings.PairingCodeDeviceRevoked)],
        _ => Loc[nameof(Strings.PairingCodeUnknown)],
    };

    private async Task RefuseAsync(PairingOutcome outcome, string message, string how)
    {
        _outcome = outcome;
        _refusal = message;
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Audit.WriteAsync("?", "wall-pair-refused", $"{how}: {outcome}", HttpContext);
    }

    private async Task PairAsync(WallDevice device, string how)
    {
        await HttpContext.SignInAsync(WallAuthentication.Scheme, WallAuthentication.Principal(device), new AuthenticationProperties { IsPersistent = true });
        await Audit.WriteAsync($"wall:{device.Name}", "wall-paired", $"{device.Id.ToString(CultureInfo.InvariantCulture)} ({how})", HttpContext);
        Navigation.NavigateTo(WallAuthentication.WallPath);
    }
}
