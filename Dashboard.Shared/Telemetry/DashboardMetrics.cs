using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dashboard.Shared.Telemetry;

/// <summary>
/// The figures an operator watches, on one meter named <see cref="MeterName"/>. Made through the host's
/// <see cref="IMeterFactory"/>, so every host (and every test host) has instruments of its own.
/// Tag values are few and fixed (a feed id, an outcome word), so a collector never sees unbounded series.
/// </summary>
public sealed class DashboardMetrics
{
    public const string MeterName = "Dashboard";

    private readonly Counter<long> _readingsIngested;
    private readonly Histogram<double> _pushLatency;
    private readonly UpDownCounter<long> _circuits;
    private readonly UpDownCounter<long> _hubConnections;
    private readonly Counter<long> _feedRuns;
    private readonly Counter<long> _digestDeliveries;

    public DashboardMetrics(IMeterFactory factory)
    {
        Meter = factory.Create(MeterName);
        _readingsIngested = Meter.CreateCounter<long>("dashboard.readings.ingested", "{reading}",
            "Readings stored (new, changed or the same again), from the API, feeds, imports and the simulator.");
        _pushLatency = Meter.CreateHistogram("dashboard.push.latency", "ms",
            "From a KPI change being published on this node to its push to hub clients or a page's re-render.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
        _circuits = Meter.CreateUpDownCounter<long>("dashboard.circuits.live", "{circuit}", "Open Blazor circuits (pages) on this node.");
        _hubConnections = Meter.CreateUpDownCounter<long>("dashboard.hub.connections", "{connection}", "Open connections to /hubs/kpi on this node.");
        _feedRuns = Meter.CreateCounter<long>("dashboard.feed.runs", "{run}", "Feed runs by feed and outcome (succeeded, failed, skipped).");
        _digestDeliveries = Meter.CreateCounter<long>("dashboard.digest.deliveries", "{delivery}",
            "Digest deliveries by outcome (sent, failed, already_sent, not_a_working_day, nothing_to_send).");
    }

    /// <summary>For instruments whose owner lives outside this assembly (the Hangfire queue depth).</summary>
    public Meter Meter { get; }

    public void ReadingsIngested(int count)
    {
        if (count > 0) _readingsIngested.Add(count);
    }

    /// <param name="since">A <see cref="Stopwatch.GetTimestamp"/> taken when the change was published.</param>
    /// <param name="path"><c>hub</c> or <c>page</c>.</param>
    public void Pushed(long since, string path) =>
        _pushLatency.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds, new KeyValuePair<string, object?>("path", path));

    public void CircuitOpened() => _circuits.Add(1);
    public void CircuitClosed() => _circuits.Add(-1);
    public void HubConnected() => _hubConnections.Add(1);
    public void HubDisconnected() => _hubConnections.Add(-1);

    public void FeedRun(string feedId, string outcome) =>
        _feedRuns.Add(1, new KeyValuePair<string, object?>("feed", feedId), new KeyValuePair<string, object?>("outcome", outcome));

    public void DigestDelivery(string outcome) => _digestDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
