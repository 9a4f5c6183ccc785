using System.Diagnostics.Metrics;
using Dashboard.Shared.Telemetry;
using Hangfire;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Dashboard.Web.Hosting;

public static class TelemetryExtensions
{
    /// <summary>The standard variable (or configuration key) naming an OTLP collector; nothing is exported without it.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry metrics: the dashboard's own meter and ASP.NET Core's (requests, Kestrel, SignalR). With
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, they and the logs (with their scopes) go to that collector over OTLP
    /// (the other <c>OTEL_EXPORTER_OTLP_*</c> variables apply); unset, nothing leaves the process.
    /// </summary>
    public static WebApplicationBuilder AddDashboardTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var node = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new();
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dashboard", serviceInstanceId: node.Name is { Length: > 0 } name ? name : null))
            .WithMetrics(m => m.AddMeter(DashboardMetrics.MeterName).AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            otel.WithLogging(_ => { }, o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            otel.UseOtlpExporter();
        }
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>());
        services.AddHostedService<JobQueueGauge>();
        return builder;
    }
}

/// <summary>Counts this node's open pages (Blazor circuits); one handler per circuit.</summary>
public sealed class CircuitCounter(DashboardMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Hangfire's enqueued jobs per queue, read from its storage when the metrics are collected. Every node reads the same
/// shared storage, so every node reports the same figures (a collector takes any one). A storage that fails to answer
/// gives no figures this time round rather than breaking the export of the others.
/// </summary>
public sealed class JobQueueGauge(DashboardMetrics metrics, JobStorage storage, ILogger<JobQueueGauge> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        metrics.Meter.CreateObservableGauge("dashboard.jobs.queue.depth", Observe, "{job}", "Jobs waiting in each Hangfire queue.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Observe()
    {
        Dictionary<string, long> depths;
        try
        {
            depths = storage.GetMonitoringApi().Queues().ToDictionary(q => q.Name, q => q.Length);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reading Hangfire's queues for the metrics failed");
            return [];
        }
        // A storage lists only queues that hold something; the one every job goes to reads 0 rather than vanishing.
        depths.TryAdd("default", 0);
        return depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))).ToList();
    }
}
