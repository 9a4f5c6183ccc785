using System.Security.Claims;
using Dashboard.Web.Accounts;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>The first administrator; from configuration or the environment (<c>Auth__FirstAdmin__Password</c>), never a default.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string? FirstAdminUserName { get; set; }
    public string? FirstAdminPassword { get; set; }

    /// <summary>The unit the first administrator is given (with everything below it); by default the top of the units file.</summary>
    public string? FirstAdminUnit { get; set; }

    /// <summary>How long a sign-in lasts without use; a working week by default, so the chairman's tablet stays signed in.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Sign-in cookies are sent over HTTPS only, except in Development (plain http://localhost). Setting this to false
    /// outside Development is for a closed lab (the benchmark); never for the commune's network.
    /// </summary>
    public bool? SecureCookies { get; set; }

    /// <summary>
    /// How often an open page and a hub connection are checked against the account or key behind them
    /// (a lock, a new role or units, a revoked key end them). On the node where the administrator acted it is at once;
    /// on the other nodes of a cluster within this interval (plus two seconds of caching).
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> the app believes (section
/// <c>ForwardedHeaders</c>). None by default, not even loopback: any process on the host could otherwise claim any client
/// address in the audit trail and the sign-in throttle. nginx on the same host: <c>ForwardedHeaders:KnownProxies:0=127.0.0.1</c>.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>127.0.0.1</c> or <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public void Apply(ForwardedHeadersOptions o)
    {
        // The framework's defaults trust loopback; only what is configured is trusted here. Empty lists would make the
        // middleware trust every sender, so with nothing configured it reads no header at all.
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        o.ForwardedHeaders = KnownProxies.Count + KnownNetworks.Count == 0 ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in KnownProxies)
            o.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy.Trim(), out var address) ? address
                : throw new InvalidOperationException($"{Section}:{nameof(KnownProxies)}: «{proxy}» không phải địa chỉ IP / is not an IP address."));
        foreach (var network in KnownNetworks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var range) ? range
                : throw new InvalidOperationException($"{Section}:{nameof(KnownNetworks)}: «{network}» không phải dải địa chỉ CIDR / is not a CIDR range."));
    }
}

public static class AccountsExtensions
{
    private const string SmartScheme = "cookie-or-key";
    private const string PersonCookie = "dashboard.auth";

    /// <summary>Identity in the app's database, cookie sign-in for people, API keys for source systems, role and unit policies.</summary>
    public static WebApplicationBuilder AddDashboardAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.RevalidationInterval > TimeSpan.Zero, "Auth:RevalidationInterval phải lớn hơn 0 / must be positive.")
            .ValidateOnStart();
        Database.From(builder).AddContext<AccountsDbContext, SqlServerAccountsDbContext, PostgreSqlAccountsDbContext>(
            services, AccountsDbContext.HistoryTable);

        services.AddIdentityCore<DashboardUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                // Lockout is an administrator's lock only: wrong passwords never lock an account (Login passes
                // lockoutOnFailure: false), the sign-in throttle slows guessing instead (Accounts/SignInThrottle).
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            // People sign in with a cookie; source systems call /api and /hubs with a key. A key never opens a page.
            // A wall screen has a cookie of its own (Wall/WallAuthentication); a person's sign-in wins where both are present.
            .AddPolicyScheme(SmartScheme, "cookie or API key", o => o.ForwardDefaultSelector = ctx =>
                IsMachinePath(ctx.Request.Path) && ctx.Request.Headers.ContainsKey(ApiKeys.HeaderName) ? ApiKeyAuthentication.SchemeName
                : ctx.Request.Cookies.ContainsKey(WallAuthentication.CookieName) && !ctx.Request.Cookies.ContainsKey(PersonCookie) ? WallAuthentication.Scheme
                : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();

        // A browser judges a cookie's expiry on its own, real, clock: sign-in and device cookies are timed by the real clock,
        // whatever clock the figures run on (a test's fixed day would otherwise hand out cookies that expired long ago).
        services.ConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
        services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = TimeProvider.System);

        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>, IWebHostEnvironment>((o, auth, env) =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/access-denied";
                o.ExpireTimeSpan = auth.Value.SignInLifetime;
                o.SlidingExpiration = true;
                o.Cookie.Name = PersonCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure cookies need HTTPS; Development runs on plain http://localhost.
                o.Cookie.SecurePolicy = auth.Value.SecureCookies ?? !env.IsDevelopment() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                // Machines get status codes, not a login page.
                // Identity's stamp check (every 30 minutes, it also refreshes the claims), then on every request whether
                // the account still stands (cached briefly, Accounts/Revocations): a locked, demoted or deleted person's
                // cookie opens nothing from the next request on (other nodes: within two seconds).
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    await SecurityStampValidator.ValidatePrincipalAsync(ctx);
                    if (ctx.Principal is { } principal
                        && !await ctx.HttpContext.RequestServices.GetRequiredService<Revocations>().StandsAsync(principal, ctx.HttpContext.RequestAborted))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                };
                o.Events.OnRedirectToLogin = ctx => Refuse(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Refuse(ctx, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorization(o =>
        {
            o.AddPolicy(Roles.CanView, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Editor, Roles.Viewer));
            o.AddPolicy(Roles.CanEdit, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin, Roles.Editor));
            o.AddPolicy(Roles.CanAdminister, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(Roles.Admin));
            o.AddPolicy(Roles.CanIngest, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireClaim(ApiKeyAuthentication.KeyIdClaim));
            o.AddPolicy(Roles.CanRead, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
                .RequireAssertion(c => c.User.HasClaim(x => x.Type == ApiKeyAuthentication.KeyIdClaim)
                                       || Roles.All.Any(r => c.User.IsInRole(r))));
            // A bare [Authorize] means a signed-in person: a wall screen is authenticated too (its own cookie), but is no one.
            o.DefaultPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.All).Build();
            // Everything not marked otherwise needs a signed-in person, or a wall screen: the framework's circuit endpoint
            // (/_blazor) has no marks of its own and serves both. Every page and API is marked (Security/AccessMatrixTests).
            o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, WallAuthentication.Scheme)
                .RequireAssertion(c => WallAuthentication.DeviceId(c.User) is not null || Roles.All.Any(r => c.User.IsInRole(r)))
                .Build();
        });
        builder.AddSignInThrottle();
        services.AddCascadingAuthenticationState();
        // Open pages re-check their sign-in; hub connections of a revoked key or a changed account are ended.
        services.AddSingleton<Revocations>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthentication>();
        services.AddSingleton<Dashboard.Web.Live.KpiHubConnections>();
        services.AddHostedService<LiveSessionGuard>();
        services.AddSingleton<AdminScope>();
        services.AddScoped<AccountAdministration>();
        services.AddSingleton<UnitAccess>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<Audit>();
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new();
        // Applied once here as well, so a mistyped address stops the start naming the key, not the first request.
        proxies.Apply(new ForwardedHeadersOptions());
        services.Configure<ForwardedHeadersOptions>(o => proxies.Apply(o));
        return builder;
    }

    public static bool IsMachinePath(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (IsMachinePath(ctx.Request.Path) || ctx.Request.Path.StartsWithSegments("/export"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        // A wall screen has no keyboard to sign in with: it is asked to pair instead.
        if (status == StatusCodes.Status401Unauthorized && ctx.Request.Path.StartsWithSegments(WallAuthentication.WallPath))
        {
            ctx.Response.Redirect(WallAuthentication.PairPath);
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Creates the schema, the roles and, on an empty user table, the first administrator: from configuration, or with a
    /// one-time password printed once to the console that must be changed at first sign-in.
    /// </summary>
    public static async Task MigrateAccountsAsync(this IServiceProvider services, CancellationToken ct = default, bool? migrate = null)
    {
        var apply = migrate ?? services.GetRequiredService<IOptions<StoreOptions>>().Value.MigrateOnStart;
        await using var db = await services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync(ct);
        await services.GetRequiredService<Database>().MigrateAsync(db, apply, ct);
    }

    public static async Task InitializeAccountsAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await services.MigrateAccountsAsync(ct);
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.Users.AnyAsync(ct)) return;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var unitDirectory = services.GetRequiredService<Dashboard.Shared.Catalog.UnitDirectory>();
        var name = string.IsNullOrWhiteSpace(options.FirstAdminUserName) ? "admin" : options.FirstAdminUserName.Trim();
        var configured = !string.IsNullOrEmpty(options.FirstAdminPassword);
        var password = configured ? options.FirstAdminPassword! : OneTimePassword();
        var admin = new DashboardUser { UserName = name, DisplayName = name, MustChangePassword = !configured, LockoutEnabled = true };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
            throw new InvalidOperationException("Auth:FirstAdminPassword: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        var unit = options.FirstAdminUnit ?? unitDirectory.All.First(u => u.Parent is null).Code;
        await users.AddClaimAsync(admin, new Claim(UnitAccess.ClaimType, unit));
        await services.GetRequiredService<Audit>().WriteAsync("system", "first-admin-created", name);
        if (!configured)
        {
            // Printed once, to the console of whoever starts the app; it is not stored anywhere readable.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($" Tài khoản quản trị đầu tiên / first administrator: {name}");
            Console.WriteLine($" Mật khẩu dùng một lần / one-time password:        {password}");
            Console.WriteLine(" Đổi mật khẩu khi đăng nhập lần đầu / change it at first sign-in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    /// <summary>16 random letters and digits (about 95 bits), drawn again until it meets the password rules.</summary>
    private static string OneTimePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        while (true)
        {
            var password = System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 16);
            if (password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit)) return password;
        }
    }
}
