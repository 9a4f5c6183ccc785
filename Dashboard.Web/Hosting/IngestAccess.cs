using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Until accounts exist, the API and the hub admit direct loopback callers, or callers presenting the configured
/// API key in <c>X-Api-Key</c>. A request relayed by a proxy (X-Forwarded-For) is not treated as loopback.
/// </summary>
public static class IngestAccess
{
    public const string HeaderName = "X-Api-Key";

    public static bool IsDirectLoopback(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) &&
        !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");

    public static bool IsAllowed(HttpContext http, IngestOptions options)
    {
        if (IsDirectLoopback(http)) return true;
        if (string.IsNullOrEmpty(options.ApiKey)) return false;
        var presented = http.Request.Headers[HeaderName].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.ApiKey));
    }

    /// <summary>Pages for office staff: until accounts exist, only a browser on the server itself opens them.</summary>
    private static readonly string[] LoopbackOnlyPages = ["/feeds", "/import", "/scores/manage"];

    /// <summary>Answers 401 with problem details for /api and /hubs callers that are neither loopback nor keyed.</summary>
    public static IApplicationBuilder UseIngestAccess(this IApplicationBuilder app) =>
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs")
                || LoopbackOnlyPages.Any(p => ctx.Request.Path.StartsWithSegments(p)),
            branch => branch.Use(async (ctx, next) =>
            {
                var options = ctx.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value;
                var pageOnly = LoopbackOnlyPages.Any(p => ctx.Request.Path.StartsWithSegments(p));
                if (pageOnly ? IsDirectLoopback(ctx) : IsAllowed(ctx, options))
                {
                    await next(ctx);
                    return;
                }
                await Results.Problem(
                    title: "Không được phép / Unauthorized",
                    detail: $"Yêu cầu phải đến từ máy chủ (loopback) hoặc kèm khóa API hợp lệ trong tiêu đề {HeaderName}.",
                    statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(ctx);
            }));
}
