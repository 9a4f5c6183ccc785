using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>Authenticates a source system by its <c>X-Api-Key</c>: the principal carries the key's feeds and units.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeys keys, Audit audit) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string FeedClaim = "dashboard:feed";
    public const string KeyIdClaim = "dashboard:api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values)) return AuthenticateResult.NoResult();
        var key = await keys.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (key is null)
        {
            await audit.WriteAsync("?", "api-key-refused", Request.Path, Context);
            return AuthenticateResult.Fail("Khóa API không hợp lệ hoặc đã bị thu hồi.");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, $"api-key:{key.Name}"), new(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        claims.AddRange(Split(key.Feeds).Select(f => new Claim(FeedClaim, f)));
        claims.AddRange(Split(key.Units).Select(u => new Claim(UnitAccess.ClaimType, u)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(title: "Chưa xác thực / Unauthorized",
            detail: $"Cần khóa API hợp lệ trong tiêu đề {ApiKeys.HeaderName}.", statusCode: 401).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(title: "Không có quyền / Forbidden", detail: "Khóa API này không được phép thao tác này.", statusCode: 403)
            .ExecuteAsync(Context);

    public static IEnumerable<string> Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"*" in a key's feeds admits every feed and source (a key for the province's integration platform, say).</summary>
    public static bool MayWriteFeed(ClaimsPrincipal user, string feed) => user.FindAll(FeedClaim).Any(c => c.Value == feed || c.Value == "*");
}
