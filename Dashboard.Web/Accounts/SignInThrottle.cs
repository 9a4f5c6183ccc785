using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Limits of the sign-in form (section <c>Auth:SignInThrottle</c>): posts per client address and per client address and
/// user name, each in a fixed window. A stranger's guesses use up the stranger's own allowance, never the account's: a
/// wrong password does not lock an account (only an administrator does), so nobody can lock the chairman out.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Auth:SignInThrottle";

    /// <summary>Sign-in posts from one address and for one user name per window (right or wrong).</summary>
    public int PerAddressAndName { get; set; } = 10;

    /// <summary>Sign-in posts from one address per window, whatever the names (an office behind one NAT shares it).</summary>
    public int PerAddress { get; set; } = 30;

    /// <summary>
    /// Pairing codes typed on <c>/wall/pair</c> from one address per window (right or wrong): a short code is guessable,
    /// so guesses are slowed like passwords.
    /// </summary>
    public int PairingPerAddress { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// The sign-in throttle: ASP.NET Core rate limiting on <c>POST /account/login</c> and on the pairing code form
/// (<c>POST /wall/pair</c>), answered with a plain 429 page.
/// </summary>
public static class SignInThrottle
{
    public const string LoginPath = "/account/login";
    private const string UserNameField = "Input.UserName";

    public static WebApplicationBuilder AddSignInThrottle(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SignInThrottleOptions.Section).Get<SignInThrottleOptions>() ?? new();
        if (options.PerAddress < 1 || options.PerAddressAndName < 1 || options.PairingPerAddress < 1 || options.Window <= TimeSpan.Zero)
            throw new InvalidOperationException(
                $"{SignInThrottleOptions.Section}: PerAddress, PerAddressAndName, PairingPerAddress và Window phải lớn hơn 0 / must be positive.");
        builder.Services.AddRateLimiter(o =>
        {
            // Per address first: a flood of made-up names stops there, before it creates a partition per name.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsSignIn(ctx)
                    ? RateLimitPartition.GetFixedWindowLimiter(Address(ctx), _ => Window(options.PerAddress, options.Window))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsSignIn(ctx)
                    ? RateLimitPartition.GetFixedWindowLimiter(Address(ctx) + "|" + UserName(ctx), _ => Window(options.PerAddressAndName, options.Window))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => IsPairing(ctx)
                    ? RateLimitPartition.GetFixedWindowLimiter(Address(ctx), _ => Window(options.PairingPerAddress, options.Window))
                    : RateLimitPartition.GetNoLimiter("")));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => RejectAsync(context, options.Window, ct);
        });
        return builder;
    }

    /// <summary>After forwarded headers (the client's address) and localization (the page's language), before authentication.</summary>
    public static IApplicationBuilder UseSignInThrottle(this IApplicationBuilder app)
    {
        // The user name is in the form; the limiter's partitions are chosen synchronously, so the form is read first.
        app.Use(async (ctx, next) =>
        {
            if (IsSignIn(ctx) && ctx.Request.HasFormContentType)
            {
                try { await ctx.Request.ReadFormAsync(ctx.RequestAborted); }
                catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException) { }
            }
            await next(ctx);
        });
        return app.UseRateLimiter();
    }

    public static bool IsSignIn(HttpContext ctx) =>
        HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>A typed pairing code; the pairing link (a GET with a 256-bit secret) is not a guess worth slowing.</summary>
    public static bool IsPairing(HttpContext ctx) =>
        HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals(PairPath, StringComparison.OrdinalIgnoreCase);

    private const string PairPath = "/wall/pair";

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static string Address(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "?";

    private static string UserName(HttpContext ctx)
    {
        var name = ctx.Features.Get<IFormFeature>() is { Form: { } form } ? form[UserNameField].ToString().Trim().ToLowerInvariant() : "";
        return name.Length > 256 ? name[..256] : name;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, TimeSpan window, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        var pairing = IsPairing(http);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInThrottle))
            .LogWarning("{What} throttled for {Address}; retry in {Minutes} min", pairing ? "Pairing" : "Sign-in", Address(http), minutes);
        var loc = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var (title, message, back, backText) = pairing
            ? (loc[nameof(Strings.PairingThrottledTitle)], loc[nameof(Strings.PairingThrottled)], PairPath, loc[nameof(Strings.BackToPairing)])
            : (loc[nameof(Strings.SignInThrottledTitle)], loc[nameof(Strings.SignInThrottled)], LoginPath, loc[nameof(Strings.BackToSignIn)]);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        string E(string text) => WebUtility.HtmlEncode(text);
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>{E(title)}</title><link rel="stylesheet" href="/css/app.css" /></head>
            <body><div class="account-page"><main id="main" class="account-main">
            <h1>{E(title)}</h1>
            <p role="alert" data-role="throttled">{E(string.Format(CultureInfo.CurrentCulture, message, minutes))}</p>
            <p><a href="{back}">{E(backText)}</a></p>
            </main></div></body>
            </html>
            """, ct);
    }
}
