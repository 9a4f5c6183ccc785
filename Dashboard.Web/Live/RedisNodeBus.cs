using System.Text.Json;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Live;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.Live;

/// <summary>
/// The node bus over Redis pub/sub: one channel, so every node applies another node's events in the order they were
/// stored. Publishing is fire-and-forget; a node that missed events while Redis was away reloads from the database.
/// </summary>
public sealed class RedisNodeBus(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisNodeBus> logger) : NodeBus
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Tells this node's own messages apart when they come back on the channel.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    public RedisChannel Channel { get; } = RedisChannel.Literal(options.Value.ChannelPrefix + ":nodes");

    public override void Tell(NodeEvent e)
    {
        try
        {
            var payload = JsonSerializer.Serialize(new Envelope(NodeId, e), Json);
            redis.GetSubscriber().Publish(Channel, payload, CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Telling the other nodes about {Event} failed; they catch up when Redis is back", e.GetType().Name);
        }
    }

    public static Envelope? Read(RedisValue message) => JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);

    public sealed record Envelope(string Node, NodeEvent Event);
}

/// <summary>Applies what the other nodes stored to this node's memory, which then shows it on this node's pages.</summary>
public sealed class RedisNodeListener(
    RedisNodeBus bus,
    IConnectionMultiplexer redis,
    KpiEngine engine,
    RecordCache records,
    FeedHealth health,
    RubricRegistry rubrics,
    PlanBook plans,
    UnitStore units,
    ILogger<RedisNodeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Redis may be away when the node starts: keep trying (the node serves its own pages meanwhile, not ready).
        ChannelMessageQueue? queue = null;
        var late = false;
        while (queue is null)
        {
            try
            {
                queue = await redis.GetSubscriber().SubscribeAsync(bus.Channel);
            }
            catch (RedisException ex)
            {
                late = true;
                logger.LogWarning("Cannot subscribe to {Channel} yet ({Error}); trying again in 2 s", bus.Channel, ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
        // One handler at a time, in channel order: records reload before the figures computed from them arrive.
        queue.OnMessage(async message =>
        {
            try
            {
                var envelope = RedisNodeBus.Read(message.Message);
                if (envelope is null || envelope.Node == bus.NodeId) return;
                switch (envelope.Event)
                {
                    case ReadingsStored r: await engine.ApplyAsync(r.Changes, stoppingToken, fromOtherNode: true); break;
                    case RecordsStored r: await records.ReloadAsync(r.Units, stoppingToken, fromOtherNode: true); break;
                    case FeedChanged f: health.Apply(f); break;
                    case RubricsChanged: await rubrics.ReloadAsync(stoppingToken); break;
                    case PlansChanged:
                        await plans.ReloadAsync(stoppingToken);
                        await engine.ReloadAsync(stoppingToken);
                        break;
                    case UnitsChanged: await units.ReloadAsync(stoppingToken); break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "An event from another node could not be applied");
            }
        });
        redis.ConnectionRestored += OnRestored;
        // Subscribed late: what the others stored meanwhile is missing from memory.
        if (late) _ = CatchUpAsync(stoppingToken);
        try { await Task.Delay(Timeout.Infinite, stoppingToken); }
        catch (OperationCanceledException) { }
        redis.ConnectionRestored -= OnRestored;
        await queue.UnsubscribeAsync();

        void OnRestored(object? sender, ConnectionFailedEventArgs e) => _ = CatchUpAsync(stoppingToken);
    }

    /// <summary>Events sent while the connection was down are lost (pub/sub keeps nothing): read the database again.</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        try
        {
            logger.LogInformation("Redis is back: reloading figures, records, rubrics, units and feed health from the database");
            await health.LoadAsync(ct);
            await rubrics.ReloadAsync(ct);
            await plans.ReloadAsync(ct);
            await units.ReloadAsync(ct);
            await records.LoadAllAsync(ct);
            await engine.ReloadAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Catching up after Redis came back failed");
        }
    }
}
