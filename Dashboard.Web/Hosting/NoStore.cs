using Microsoft.AspNetCore.StaticAssets;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response but a static file. Pages, print pages, exports, the snapshot API, the
/// rejected-rows CSV and the digest preview all carry a unit's data: on a shared office PC, the tablet or behind a proxy,
/// none of it may be kept once the person signs out. One rule for all, rather than per endpoint, so a new endpoint cannot
/// forget it. Static files (styles, scripts, icons) keep the caching their endpoint sets.
/// </summary>
public static class NoStore
{
    public static WebApplication UseNoStore(this WebApplication app)
    {
        app.Use((ctx, next) =>
        {
            // When the response starts: the endpoint is known then, and nothing set earlier (antiforgery's own
            // "no-cache, no-store", an error page's) can drop it.
            ctx.Response.OnStarting(() =>
            {
                if (ctx.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
                {
                    ctx.Response.Headers.CacheControl = "no-store";
                    // For HTTP/1.0 caches, as antiforgery does.
                    ctx.Response.Headers.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            });
            return next(ctx);
        });
        return app;
    }
}
