using System.Text.RegularExpressions;
using Dashboard.Web.Api;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Under /api every error is problem-details JSON with a bilingual title, in every environment: an exception becomes a
/// Vietnamese 500 with a trace id (logged, its message never sent), a request the framework refused (a parameter that
/// does not bind, a body over Kestrel's limit) keeps its status, and an answer with a status but no body (401, 403
/// from authentication, 404 and 405 from routing) gets one. The HTML error and not-found pages are for people, not scripts.
/// </summary>
public static partial class ApiErrors
{
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!);
        app.Use(async (ctx, next) =>
        {
            if (!ctx.Request.Path.StartsWithSegments("/api"))
            {
                await next(ctx);
                return;
            }
            // No such address (404), or not with this method (405, the router's own rejection endpoint, not a route):
            // said as such before authentication, which would otherwise ask a caller with a good key for a key.
            if (ctx.GetEndpoint() is not RouteEndpoint)
            {
                if (ctx.GetEndpoint()?.RequestDelegate is { } reject) await reject(ctx);
                else ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                if (!ctx.Response.HasStarted) await ApiProblems.ForStatus(ctx.Response.StatusCode, ctx).ExecuteAsync(ctx);
                return;
            }
            try
            {
                await next(ctx);
            }
            catch (Exception ex) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
            {
                var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
                if (status >= 500) logger.LogError(ex, "API request {Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
                else logger.LogInformation("API request {Method} {Path} refused with {Status}: {Reason}", ctx.Request.Method, ctx.Request.Path, status, ex.Message);
                ctx.Response.Clear();
                ctx.Response.StatusCode = status;
                await ApiProblems.ForStatus(status, ctx, Parameter(ex, status)).ExecuteAsync(ctx);
                return;
            }
            if (ctx.Response.StatusCode >= 400 && !ctx.Response.HasStarted && ctx.Response.ContentType is null && ctx.Response.ContentLength is null)
                await ApiProblems.ForStatus(ctx.Response.StatusCode, ctx).ExecuteAsync(ctx);
        });
        return app;
    }

    /// <summary>
    /// The parameter a minimal-API binding failure is about (its message says <c>parameter "string feed"</c>), named
    /// in Vietnamese; the framework's English sentence itself is not passed on.
    /// </summary>
    private static Dictionary<string, string[]>? Parameter(Exception ex, int status)
    {
        if (status != StatusCodes.Status400BadRequest || ex is not BadHttpRequestException) return null;
        var match = BindingParameter().Match(ex.Message);
        return match.Success
            ? new() { [match.Groups["name"].Value] = [$"Tham số '{match.Groups["name"].Value}' bị thiếu hoặc không đúng kiểu."] }
            : null;
    }

    [GeneratedRegex("parameter \"[^\" ]+ (?<name>[A-Za-z0-9_]+)\"", RegexOptions.None, 1000)]
    private static partial Regex BindingParameter();
}
