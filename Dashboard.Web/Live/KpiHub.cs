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
public sealed class KpiHub(UnitAccess access, DashboardMetrics metrics, KpiHubConnections connections) : Hub
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
        // Known by its key or account, so a revocation or a lock can end it (Accounts/LiveSessionGuard).
        connections.Add(Context);
        // Counted last: a connection whose OnConnectedAsync throws is dropped without OnDisconnectedAsync.
        metrics.HubConnected();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        metrics.HubDisconnected();
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>This node's open hub connections with who opened each, so those of a revoked key or a locked account can be ended.</summary>
public sealed class KpiHubConnections
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HubCallerContext> _open = new();

    public void Add(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public IEnumerable<(HubCallerContext Context, System.Security.Claims.ClaimsPrincipal User)> Open() =>
        _open.Values.Where(c => c.User is not null).Select(c => (c, c.User!));

    /// <summary>Ends every connection whose principal matches; the client sees it closed, and a reconnect is authenticated anew.</summary>
    public int Abort(Func<System.Security.Claims.ClaimsPrincipal, bool> match)
    {
        var aborted = 0;
        foreach (var (context, user) in Open())
        {
            if (!match(user)) continue;
            context.Abort();
            aborted++;
        }
        return aborted;
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
