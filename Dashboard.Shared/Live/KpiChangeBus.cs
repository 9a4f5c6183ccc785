using System.Diagnostics;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Telemetry;
using Microsoft.Extensions.Logging;

namespace Dashboard.Shared.Live;

/// <summary>
/// The in-process change bus between the KPI engine and whatever shows KPIs (pages, the hub).
/// Publishing never waits for a subscriber.
/// </summary>
public sealed class KpiChangeBus(TimeProvider time, ILogger<KpiChangeBus> logger, DashboardMetrics? metrics = null)
{
    public static readonly TimeSpan DefaultThrottle = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly DashboardMetrics? _metrics = metrics;
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>
    /// Receives every batch of changed snapshots, in order, in the culture of the code that subscribed (see
    /// <see cref="SubscriberCulture"/>). The handler must be quick and must not throw. With
    /// <paramref name="thisNodeOnly"/>, only what this node stored (a SignalR backplane already reaches the others).
    /// </summary>
    public IDisposable Subscribe(Action<IReadOnlyList<KpiSnapshot>> handler, bool thisNodeOnly = false) =>
        Add(new DirectSubscription(this, handler, thisNodeOnly));

    /// <summary>
    /// Calls <paramref name="callback"/> after changes, at most once per throttle interval, so a burst of readings
    /// causes one re-render. The first change after a quiet spell is delivered at once. The callback runs in the culture of
    /// the code that subscribed, so a page re-renders in its reader's language, not the publisher's.
    /// </summary>
    public IDisposable OnChanged(Func<Task> callback, TimeSpan? throttle = null) =>
        Add(new ThrottledSubscription(this, callback, throttle ?? DefaultThrottle));

    /// <param name="fromThisNode">False for changes another node stored (and told this one about).</param>
    public void Publish(IReadOnlyList<KpiSnapshot> changes, bool fromThisNode = true)
    {
        if (changes.Count == 0) return;
        foreach (var s in _subscribers.Items)
            if (fromThisNode || !s.ThisNodeOnly) s.Notify(changes);
    }

    public int SubscriberCount => _subscribers.Items.Length;

    private Subscription Add(Subscription s)
    {
        lock (_gate) _subscribers = new([.. _subscribers.Items, s]);
        return s;
    }

    private void Remove(Subscription s)
    {
        lock (_gate) _subscribers = new(_subscribers.Items.Where(x => x != s).ToArray());
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);
    }

    private abstract class Subscription(KpiChangeBus bus) : IDisposable
    {
        protected KpiChangeBus Bus => bus;
        protected SubscriberCulture Culture { get; } = SubscriberCulture.Capture();
        public virtual bool ThisNodeOnly => false;
        public abstract void Notify(IReadOnlyList<KpiSnapshot> changes);
        public virtual void Dispose() => bus.Remove(this);
    }

    private sealed class DirectSubscription(KpiChangeBus bus, Action<IReadOnlyList<KpiSnapshot>> handler, bool thisNodeOnly) : Subscription(bus)
    {
        public override bool ThisNodeOnly => thisNodeOnly;

        public override void Notify(IReadOnlyList<KpiSnapshot> changes)
        {
            try { Culture.Run(() => handler(changes)); }
            catch (Exception ex) { Bus._logger.LogError(ex, "A change-bus subscriber failed"); }
        }
    }

    private sealed class ThrottledSubscription(KpiChangeBus bus, Func<Task> callback, TimeSpan interval) : Subscription(bus)
    {
        private readonly Lock _lock = new();
        private bool _pending;
        private bool _disposed;
        private DateTimeOffset _lastFired = DateTimeOffset.MinValue;
        private long _publishedAt;

        public override void Notify(IReadOnlyList<KpiSnapshot> changes)
        {
            TimeSpan wait;
            lock (_lock)
            {
                if (_pending || _disposed) return;
                _pending = true;
                _publishedAt = Stopwatch.GetTimestamp();
                var now = Bus._time.GetUtcNow();
                wait = _lastFired + interval - now;
            }
            // Never run a page's render on the publisher's thread: ingest must not wait for pages.
            _ = wait > TimeSpan.Zero ? FireAfterAsync(wait) : Task.Run(FireAsync);
        }

        private async Task FireAfterAsync(TimeSpan wait)
        {
            await Task.Delay(wait, Bus._time);
            await FireAsync();
        }

        private async Task FireAsync()
        {
            long publishedAt;
            lock (_lock)
            {
                _pending = false;
                if (_disposed) return;
                _lastFired = Bus._time.GetUtcNow();
                publishedAt = _publishedAt;
            }
            try
            {
                await Culture.RunAsync(callback);
                // A page's callback returns once it has re-rendered on its circuit and handed the render batch to the
                // connection; the browser applying it is out of the server's sight. The throttle's wait is included.
                Bus._metrics?.Pushed(publishedAt, "page");
            }
            catch (Exception ex) { Bus._logger.LogWarning(ex, "A change-bus callback failed"); }
        }

        public override void Dispose()
        {
            lock (_lock) _disposed = true;
            base.Dispose();
        }
    }
}
