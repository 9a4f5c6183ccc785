using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>External subscribers (other systems, scripts) receive every KPI change as <c>kpiChanged</c>.</summary>
public sealed class KpiHub : Hub
{
    public const string Path = "/hubs/kpi";
    public const string ChangedMethod = "kpiChanged";
}

/// <summary>Forwards change-bus batches to the hub, in order, without making the bus wait for the network.</summary>
public sealed class KpiHubBroadcaster(KpiChangeBus bus, FeedHealth health, IHubContext<KpiHub> hub, ILogger<KpiHubBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyList<KpiSnapshotDto>>(
            new() { SingleReader = true });
        using var subscription = bus.Subscribe(changes =>
            channel.Writer.TryWrite(changes.Select(s => KpiSnapshotDto.From(s, health)).ToList()));
        await foreach (var batch in channel.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.SendAsync(KpiHub.ChangedMethod, batch, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Broadcasting {Count} KPI changes failed", batch.Count);
            }
        }
    }
}
