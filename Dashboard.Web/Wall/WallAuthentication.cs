using System.Globalization;
using System.Security.Claims;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dashboard.Web.Wall;

/// <summary>
/// A wall screen signs in with a cookie of its own (not a person's): it carries the device id, the device's stamp and
/// its units, lasts as long as the device is used, and is checked against the device's row so a revocation ends it.
/// </summary>
public static class WallAuthentication
{
    public const string Scheme = "WallDevice";
    public const string CookieName = "dashboard.wall";
    public const string DeviceClaim = "dashboard:device";
    public const string StampClaim = "dashboard:device-stamp";

    public const string WallPath = "/wall";
    public const string PairPath = "/wall/pair";
    public const string RevokedPath = "/wall/revoked";

    public static ClaimsPrincipal Principal(WallDevice device)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, device.Name),
            new(DeviceClaim, device.Id.ToString(CultureInfo.InvariantCulture)),
            new(StampClaim, device.Stamp),
        };
        claims.AddRange(ApiKeyAuthentication.Split(device.Units).Select(u => new Claim(UnitAccess.ClaimType, u)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    public static long? DeviceId(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirst(DeviceClaim)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static void Configure(CookieAuthenticationOptions o, bool secure)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.IsEssential = true;
        o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        // A screen on the wall is used every day for years: the cookie renews itself while it is in use.
        o.ExpireTimeSpan = TimeSpan.FromDays(400);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = async ctx =>
        {
            var devices = ctx.HttpContext.RequestServices.GetRequiredService<WallDevices>();
            if (DeviceId(ctx.Principal) is not { } id || ctx.Principal!.FindFirst(StampClaim)?.Value is not { } stamp
                || !await devices.IsActiveAsync(id, stamp, ctx.HttpContext.RequestAborted))
            {
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(Scheme);
                return;
            }
            await devices.TouchAsync(id, ctx.HttpContext.Connection.RemoteIpAddress?.ToString(), ctx.HttpContext.RequestAborted);
        };
        // On the wall, a device that is no longer allowed is told so in plain words and one never paired is asked to
        // pair. Elsewhere the person's sign-in challenge (which runs beside this one) decides.
        o.Events.OnRedirectToLogin = ctx =>
        {
            if (ctx.Request.Path.StartsWithSegments(WallPath))
                ctx.Response.Redirect(ctx.Request.Cookies.ContainsKey(CookieName) ? RevokedPath : PairPath);
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
