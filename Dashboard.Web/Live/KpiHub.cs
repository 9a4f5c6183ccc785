using Dashboard.Shared.Engine;
using System.Diagnostics;
using Dashboard.Shared.Live;
using Dashboard.Shared.Telemetry;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// External subscribers (other systems, scripts) receive KPI changes as <c>kpiChanged</c>, only for the units their
/// key or account may see: each connection joins one group per unit at connect time.
/// </summary>
public sealed class KpiHub(UnitAccess access, DashboardMetrics metrics) : Hub
{
    public const string Path = "/hubs/kpi";
    public const string ChangedMethod = "kpiChanged";

    public static string Group(string unit) => "unit:" + unit;

    public override async Task OnConnectedAsync()
    {
        if (Context.User is { } user)
            foreach (var unit in access.Allowed(user))
                await Groups.AddToGroupAsync(Context.ConnectionId, Group(unit));
        await base.OnConnectedAsync();
        // Counted last: a connection whose OnConnectedAsync throws is dropped without OnDisconnectedAsync.
        metrics.HubConnected();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubDisconnected();
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// Forwards change-bus batches to the hub, in order, without making the bus wait for the network. With the Redis
/// backplane, only what this node stored: the backplane delivers it to every node's connections, once.
/// </summary>
public sealed class KpiHubBroadcaster(KpiChangeBus bus, FeedHealth health, IHubContext<KpiHub> hub, IConfiguration configuration,
    DashboardMetrics metrics, ILogger<KpiHubBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<(long PublishedAt, List<KpiSnapshotDto> Changes)>(
            new() { SingleReader = true });
        // The bus calls subscribers inside Publish, so the timestamp taken here is the publishing moment.
        using var subscription = bus.Subscribe(changes =>
            channel.Writer.TryWrite((Stopwatch.GetTimestamp(), changes.Select(s => KpiSnapshotDto.From(s, health)).ToList())),
            thisNodeOnly: configuration.UsesRedis());
        await foreach (var (publishedAt, batch) in channel.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var unit in batch.GroupBy(s => s.Unit))
                    await hub.Clients.Group(KpiHub.Group(unit.Key)).SendAsync(KpiHub.ChangedMethod, unit.ToList(), stoppingToken);
                // SendAsync returns once the message is written to this node's connections (or, with Redis, published to
                // the backplane); when a client reads it is out of the server's sight.
                metrics.Pushed(publishedAt, "hub");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Broadcasting {Count} KPI changes failed", batch.Count);
            }
        }
    }
}
