using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Not ready while the disk of the data folder (the SQLite files, data-protection keys, the import inbox) has less free
/// space than <see cref="HealthOptions.MinFreeMegabytes"/>: a full disk fails every write, and a load balancer or an
/// operator should hear it before the data does.
/// </summary>
public sealed class DiskSpaceHealthCheck(IFreeSpace disk, IOptions<HealthOptions> options, IOptions<DashboardOptions> dashboard,
    IWebHostEnvironment environment, ILogger<DiskSpaceHealthCheck> logger) : IHealthCheck
{
    private int _low;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var folder = Path.GetFullPath(dashboard.Value.DataPath, environment.ContentRootPath);
        var minimum = options.Value.MinFreeMegabytes;
        // A system that cannot tell is not taken out of service for it.
        if (disk.AvailableBytes(folder) is not { } bytes) return Task.FromResult(HealthCheckResult.Healthy());
        var freeMb = bytes / (1024 * 1024);
        if (freeMb >= minimum)
        {
            if (Interlocked.Exchange(ref _low, 0) == 1) logger.LogInformation("The data folder's disk has {Free} MB free again: ready", freeMb);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        var reason = $"Ổ đĩa của thư mục dữ liệu chỉ còn {freeMb} MB trống, cần ít nhất {minimum} MB / " +
                     $"the data folder's disk has {freeMb} MB free, at least {minimum} MB needed (Health:MinFreeMegabytes)";
        if (Interlocked.Exchange(ref _low, 1) == 0) logger.LogError("Not ready: {Reason} ({Folder})", reason, folder);
        return Task.FromResult(HealthCheckResult.Unhealthy(reason));
    }
}
