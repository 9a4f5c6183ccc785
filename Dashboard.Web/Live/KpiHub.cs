using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// External subscribers (other systems, scripts) receive KPI changes as <c>kpiChanged</c>, only for the units their
/// key or account may see: each connection joins one group per unit at connect time.
/// </summary>
public sealed class KpiHub(UnitAccess access) : Hub
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
    }
}

/// <summary>
/// Forwards change-bus batches to the hub, in order, without making the bus wait for the network. With the Redis
/// backplane, only what this node stored: the backplane delivers it to every node's connections, once.
/// </summary>
public sealed class KpiHubBroadcaster(KpiChangeBus bus, FeedHealth health, IHubContext<KpiHub> hub, IConfiguration configuration,
    ILogger<KpiHubBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyList<KpiSnapshotDto>>(
            new() { SingleReader = true });
        using var subscription = bus.Subscribe(changes =>
            channel.Writer.TryWrite(changes.Select(s => KpiSnapshotDto.From(s, health)).ToList()), thisNodeOnly: configuration.UsesRedis());
        await foreach (var batch in channel.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var unit in batch.GroupBy(s => s.Unit))
                    await hub.Clients.Group(KpiHub.Group(unit.Key)).SendAsync(KpiHub.ChangedMethod, unit.ToList(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Broadcasting {Count} KPI changes failed", batch.Count);
            }
        }
    }
}
