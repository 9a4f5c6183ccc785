using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Web.Hosting;

/// <summary>When this node says it is not ready (<c>/health/ready</c>): see docs/production.md, "Health".</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Below this much free space on the data folder's disk the node is not ready: it could not keep what it is sent.</summary>
    public long MinFreeMegabytes { get; set; } = 256;

    /// <summary>How often readiness proves the store takes a write (a one-row update that changes nothing); 0 on every request.</summary>
    public TimeSpan WriteProbeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public static class HealthText
{
    /// <summary>
    /// "Healthy", or the status word and the names of the failing checks ("Unhealthy: disk, store"): enough for whoever
    /// reads the probe to know where to look, nothing about the data. The reasons, with figures, are in the log.
    /// </summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        return http.Response.WriteAsync(failing.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join(", ", failing)}");
    }
}
