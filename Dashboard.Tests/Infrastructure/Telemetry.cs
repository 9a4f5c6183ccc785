using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The app's metrics read back through OpenTelemetry's in-memory exporter, as a collector would get them.</summary>
public sealed class ExportedMetrics
{
    private readonly List<MetricSnapshot> _exported = [];

    public void AddTo(IServiceCollection services) => services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_exported));

    /// <summary>Collects now; the figures are cumulative since the host started.</summary>
    public Collected Collect(DashboardApp app)
    {
        lock (_exported) _exported.Clear();
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metrics were not collected");
        lock (_exported)
            // A periodic export may have run too; the last snapshot of each metric is the newest.
            return new(_exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last()));
    }

    public sealed class Collected(Dictionary<string, MetricSnapshot> metrics)
    {
        public MetricSnapshot? Find(string name) => metrics.GetValueOrDefault(name);

        public MetricSnapshot Get(string name) => Find(name) ?? throw new Xunit.Sdk.XunitException($"no metric {name} was exported");

        /// <summary>The points of a metric whose tags include every one given.</summary>
        public List<MetricPoint> Points(string name, params (string Key, string Value)[] tags) =>
            Get(name).MetricPoints.Where(p => tags.All(t => TagsOf(p).TryGetValue(t.Key, out var v) && v == t.Value)).ToList();

        /// <summary>A counter's (or up-down counter's) total over the matching points; 0 when none match.</summary>
        public long Sum(string name, params (string Key, string Value)[] tags) =>
            Find(name) is null ? 0 : Points(name, tags).Sum(p => p.GetSumLong());

        public static Dictionary<string, string?> TagsOf(MetricPoint point)
        {
            var tags = new Dictionary<string, string?>();
            foreach (var tag in point.Tags) tags[tag.Key] = tag.Value?.ToString();
            return tags;
        }
    }
}

/// <summary>Every log line of a host with its scopes, as a console or OTLP logger would see them.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Line> Lines { get; } = new();

    public sealed record Line(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((s, into) =>
            {
                if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (k, v) in pairs) into[k] = v;
            }, scope);
            owner.Lines.Enqueue(new Line(category, logLevel, formatter(state, exception), scope));
        }
    }
}
