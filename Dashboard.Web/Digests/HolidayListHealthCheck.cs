using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Digests;

/// <summary>
/// Degraded (not Unhealthy: the node still serves and the digests still skip the computed holidays) when next year's
/// official holiday file is due and missing; /feeds shows the same warning.
/// </summary>
public sealed class HolidayListHealthCheck(HolidayCalendar calendar, TimeProvider clock, IOptions<DigestOptions> options,
    ILogger<HolidayListHealthCheck> logger) : IHealthCheck
{
    // The year last warned about in the log: once per missing year, not on every probe.
    private int _logged;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (MissingYear(calendar, clock, options.Value) is not { } year) return Task.FromResult(HealthCheckResult.Healthy());
        var message = $"{Warning(year, CultureInfo.GetCultureInfo("vi"))} / {Warning(year, CultureInfo.GetCultureInfo("en"))}";
        if (Interlocked.Exchange(ref _logged, year) != year) logger.LogWarning("{Message}", message);
        return Task.FromResult(HealthCheckResult.Degraded(message));
    }

    /// <summary>Next year, when its official list is due by the app's clock (Vietnamese date) and there is no file for it.</summary>
    public static int? MissingYear(HolidayCalendar calendar, TimeProvider clock, DigestOptions options) =>
        calendar.MissingOfficialYear(VietnamTime.Today(clock), options.HolidayListDueMonth);

    /// <summary>The warning in a language, as /feeds shows it.</summary>
    public static string Warning(int year, CultureInfo culture) =>
        string.Format(culture, Strings.ResourceManager.GetString(nameof(Strings.HolidayListMissing), culture)!, year);
}
