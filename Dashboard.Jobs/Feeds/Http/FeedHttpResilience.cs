using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Dashboard.Jobs.Feeds.Http;

/// <summary>How hard the HTTP JSON feeds try one request (configuration section <c>FeedHttp</c>; docs/feeds.md).</summary>
public sealed class FeedHttpOptions
{
    public const string Section = "FeedHttp";

    /// <summary>One attempt gets this long to answer with its headers; then it counts as failed and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after the first attempt, on a 5xx, 408 or 429 answer, a timed-out attempt or a lost connection.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first wait before a retry; each next one doubles, with jitter so feeds that failed together do not retry together.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No wait is longer, whatever a Retry-After header asks.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts of one request together, for a request that does not carry its feed's own timeout.</summary>
    public TimeSpan DefaultTotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The feeds' HttpClient with a resilience pipeline per request: a total timeout (the feed's own, carried on the request),
/// bounded retries with exponential back-off and jitter, and a timeout per attempt. No circuit breaker: the client is shared by
/// every feed, and one source's outage must not stop the others.
/// </summary>
public static class FeedHttpResilience
{
    /// <summary>The feed's timeout, set on each request so the pipeline's total timeout is that feed's.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> TotalTimeoutKey = new("dashboard.feed-total-timeout");

    public static IServiceCollection AddFeedHttpClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FeedHttpOptions>(configuration.GetSection(FeedHttpOptions.Section));
        services.AddHttpClient(HttpJsonFeed.HttpClientName)
            .AddResilienceHandler("feeds", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<FeedHttpOptions>>().Value;
                // Outermost: every attempt and every wait between them within the feed's timeout.
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    Name = "feed-total",
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage()?.Options.TryGetValue(TotalTimeoutKey, out var total) == true ? total : o.DefaultTotalTimeout),
                });
                // The defaults retry on HttpRequestException, a timed-out attempt, 5xx, 408 and 429; a feed only GETs, so a retry is safe.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    Name = "feed-retry",
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryDelay,
                    MaxDelay = o.MaxRetryDelay,
                });
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "feed-attempt", Timeout = o.AttemptTimeout });
            });
        return services;
    }

    /// <summary>True for an answer the pipeline retries, so a failure can say that it was tried again.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
