using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Ready only while this node's Hangfire server has a recent heartbeat in the storage: a node that should run jobs
/// but whose server stopped (or cannot reach the storage) is not ready. Registered only on nodes that run the server:
/// a web node does not need the job nodes to serve pages, so their outage must not take the pages away as well.
/// </summary>
public sealed class JobServerHealthCheck(JobStorage storage, IOptions<NodeOptions> node, ILogger<JobServerHealthCheck> logger) : IHealthCheck
{
    /// <summary>Four of Hangfire's 30-second heartbeats; Hangfire itself calls a server dead after 5 minutes.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromMinutes(2);

    /// <summary>The server name this node gives Hangfire (<c>Node:Name</c>, else the machine's).</summary>
    public static string ServerName(NodeOptions node) => node.Name is { Length: > 0 } name ? name : Environment.MachineName;

    // Hangfire names a server "{server name}:{process id}:{guid}" in lower case.
    private readonly string _prefix = $"{ServerName(node.Value).ToLowerInvariant()}:{Environment.ProcessId}:";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // Hangfire writes heartbeats with the real clock (UTC), whatever TimeProvider the app has.
            var alive = storage.GetMonitoringApi().Servers().Any(s =>
                s.Name.StartsWith(_prefix, StringComparison.Ordinal) && s.Heartbeat is { } beat && DateTime.UtcNow - beat < Recent);
            return Task.FromResult(alive ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reading Hangfire's servers for readiness failed");
            return Task.FromResult(HealthCheckResult.Unhealthy());
        }
    }
}
