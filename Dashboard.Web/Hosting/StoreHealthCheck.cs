using System.Diagnostics;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Ready when the store answers and takes a write. Answering is not enough: with its disk full (or its database
/// read-only) the store still answers every read while every reading sent to it is lost. The write is a one-row
/// update that changes nothing (the home unit's name set to itself), made at most every
/// <see cref="HealthOptions.WriteProbeInterval"/>; says nothing about what is in the store.
/// </summary>
public sealed class StoreHealthCheck(IDbContextFactory<DashboardDbContext> dbFactory, IOptions<HealthOptions> options,
    IOptions<DashboardOptions> dashboard, ILogger<StoreHealthCheck> logger) : IHealthCheck
{
    private readonly SemaphoreSlim _probe = new(1, 1);
    // The real (monotonic) clock: a test's frozen TimeProvider must not stop the probe.
    private long _probedAt = long.MinValue;
    private string? _writeError;
    private string? _reported;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        string? reason;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            reason = await db.Database.CanConnectAsync(ct) ? await WriteErrorAsync(ct) : "Không kết nối được cơ sở dữ liệu / the store does not answer";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reason = $"Không kết nối được cơ sở dữ liệu / the store does not answer: {ex.GetType().Name}: {ex.Message}";
        }
        Report(reason);
        return reason is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(reason);
    }

    private async Task<string?> WriteErrorAsync(CancellationToken ct)
    {
        await _probe.WaitAsync(ct);
        try
        {
            if (_probedAt != long.MinValue && Stopwatch.GetElapsedTime(_probedAt) < options.Value.WriteProbeInterval) return _writeError;
            var home = dashboard.Value.HomeUnit;
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.Units.Where(u => u.Code == home).ExecuteUpdateAsync(s => s.SetProperty(u => u.NameVi, u => u.NameVi), ct);
                _writeError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _writeError = $"Cơ sở dữ liệu không ghi được / a write to the store failed: {ex.GetType().Name}: {ex.Message}";
            }
            _probedAt = Stopwatch.GetTimestamp();
            return _writeError;
        }
        finally
        {
            _probe.Release();
        }
    }

    /// <summary>Logs each change of state once, not every probe of a load balancer.</summary>
    private void Report(string? reason)
    {
        var before = Interlocked.Exchange(ref _reported, reason);
        if (reason == before) return;
        if (reason is null) logger.LogInformation("The store answers and takes writes again: ready");
        else logger.LogError("Not ready: {Reason}", reason);
    }
}
