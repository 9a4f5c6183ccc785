using Dashboard.Web.Accounts;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Wall;

/// <summary>
/// A wall screen opens the pairing link (or types its code) once: the secret is checked against the stored hash and the
/// screen gets its own long-lived cookie. The link keeps working until the device is revoked, so a kiosk that loses its
/// cookie can simply start from the link again.
/// </summary>
public partial class WallPair
{
    [Inject] public WallDevices Devices { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "token")] public string? Token { get; set; }

    private bool _refused;

    protected override async Task OnInitializedAsync()
    {
        if (string.IsNullOrWhiteSpace(Token)) return;
        var device = await Devices.PairAsync(Token.Trim());
        if (device is null)
        {
            _refused = true;
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Audit.WriteAsync("?", "wall-pair-refused", null, HttpContext);
            return;
        }
        await HttpContext.SignInAsync(WallAuthentication.Scheme, WallAuthentication.Principal(device), new AuthenticationProperties { IsPersistent = true });
        await Audit.WriteAsync($"wall:{device.Name}", "wall-paired", device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpContext);
        Navigation.NavigateTo(WallAuthentication.WallPath);
    }
}
