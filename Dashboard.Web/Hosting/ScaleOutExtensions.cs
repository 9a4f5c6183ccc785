using Dashboard.Shared.Live;
using Dashboard.Web.Live;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Dashboard.Web.Hosting;

public static class ScaleOutExtensions
{
    /// <summary>
    /// Several nodes: with <c>Redis:Configuration</c> set, the SignalR backplane (a hub message reaches clients on every
    /// node) and the node bus over Redis (a reading stored on one node reaches every node's pages). Without it, one node.
    /// </summary>
    public static WebApplicationBuilder AddDashboardScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<NodeOptions>(builder.Configuration.GetSection(NodeOptions.Section));
        services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.Section));
        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(redis.Configuration))
        {
            services.AddSingleton<NodeBus>();
            return builder;
        }

        var configuration = ConfigurationOptions.Parse(redis.Configuration);
        // A node starts and serves its own pages while Redis is away; readiness says so, and it reconnects by itself.
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= builder.Configuration["Node:Name"] ?? Environment.MachineName;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddSingleton<RedisNodeBus>();
        services.AddSingleton<NodeBus>(sp => sp.GetRequiredService<RedisNodeBus>());
        services.AddHostedService<RedisNodeListener>();
        services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = configuration.Clone();
            o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix + ":signalr");
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }

    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]);
}

/// <summary>Ready only while Redis answers: without it, this node's pages would miss what the other nodes store.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!redis.IsConnected) return HealthCheckResult.Unhealthy();
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception)
        {
            return HealthCheckResult.Unhealthy();
        }
    }
}
