using Dashboard.Web.Accounts;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>How often an open wall asks whether its device is still allowed; a revoked screen goes dark within this.</summary>
public sealed class WallOptions
{
    public const string Section = "Wall";

    public TimeSpan DeviceCheckInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the wall's connection may be lost before a large banner says so; its figures dim at once
    /// (Layout/ReconnectModal.razor.js).
    /// </summary>
    public TimeSpan OutageBannerDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a short pairing code issued on <c>/admin/devices</c> may be typed on the screen (Wall/WallPairing).</summary>
    public TimeSpan PairingCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

public static class WallExtensions
{
    /// <summary>Wall devices, their own sign-in cookie, and the policy that lets a device (or a person) open <c>/wall</c>.</summary>
    public static WebApplicationBuilder AddDashboardWall(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WallOptions>().Bind(builder.Configuration.GetSection(WallOptions.Section))
            .Validate(o => o.PairingCodeLifetime > TimeSpan.Zero && o.PairingCodeLifetime <= TimeSpan.FromDays(1),
                "Wall:PairingCodeLifetime phải từ 1 giây đến 1 ngày / must be between 1 second and 1 day.")
            .ValidateOnStart();
        services.AddSingleton<WallDevices>();
        services.AddSingleton<WallPairing>();
        services.AddSingleton<WallCircuits>();
        services.AddSingleton<WallDeviceAdministration>();
        services.AddAuthentication().AddCookie(WallAuthentication.Scheme, _ => { });
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(WallAuthentication.Scheme)
            .Configure<IOptions<AuthOptions>, IWebHostEnvironment>((o, auth, env) =>
                WallAuthentication.Configure(o, auth.Value.SecureCookies ?? !env.IsDevelopment()));
        services.AddAuthorization(o => o.AddPolicy(Roles.CanWatchWall, p => p
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, WallAuthentication.Scheme)
            .RequireAssertion(c => WallAuthentication.DeviceId(c.User) is not null || Roles.All.Any(r => c.User.IsInRole(r)))));
        return builder;
    }
}
