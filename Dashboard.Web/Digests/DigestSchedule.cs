using System.Globalization;
using Cronos;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Hangfire;

namespace Dashboard.Web.Digests;

/// <summary>
/// When digests go out: cron in Asia/Ho_Chi_Minh, presets for the usual choices, and the period key of an occurrence
/// (its scheduled local time, whenever the job actually ran).
/// </summary>
public static class DigestSchedule
{
    public const string WorkingDays = "working-days";
    public const string Monday = "monday";
    public const string MonthStart = "month-start";
    public const string Custom = "custom";

    public static readonly string[] Presets = [WorkingDays, Monday, MonthStart, Custom];

    /// <summary>
    /// The cron of a preset. "Working days" fires every weekday at 07:00 and the job skips the public holidays of the
    /// holiday files: cron cannot know Tết.
    /// </summary>
    public static string? PresetCron(string preset) => preset switch
    {
        WorkingDays => "0 7 * * 1-5",
        Monday => "0 7 * * 1",
        MonthStart => "0 7 1 * *",
        _ => null,
    };

    public static string JobId(long subscriptionId) => $"digest-{subscriptionId}";

    /// <summary>Parses five-field cron (or six, with seconds, as Hangfire also takes); null with the reason when it cannot.</summary>
    public static CronExpression? Parse(string? cron, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(cron))
        {
            error = "empty";
            return null;
        }
        try
        {
            var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            return CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static CronExpression ParseOrThrow(string cron) =>
        Parse(cron, out var error) ?? throw new ArgumentException($"cron '{cron}': {error}", nameof(cron));

    /// <summary>The next occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        ParseOrThrow(cron).GetNextOccurrence(after.UtcDateTime, VietnamTime.Zone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The next occurrence that will send: a working-days schedule passes over weekends and the holidays of the holiday files.</summary>
    public static DateTimeOffset? NextSending(string cron, bool workingDaysOnly, HolidayCalendar holidays, DateTimeOffset after)
    {
        // Tết is at most nine days off in a row; 60 occurrences cover it for any weekday cron.
        for (var (i, at) = (0, after); i < 60 && Next(cron, at) is { } next; i++, at = next)
            if (!workingDaysOnly || holidays.IsWorkingDay(LocalDay(next))) return next;
        return null;
    }

    /// <summary>
    /// The occurrence a run at <paramref name="asOf"/> belongs to: the latest scheduled time at or before it. A retry, a
    /// restart or a Hangfire catch-up run started later still lands on the occurrence it was created for.
    /// </summary>
    public static DateTimeOffset? Occurrence(string cron, DateTimeOffset asOf)
    {
        var expression = ParseOrThrow(cron);
        var to = asOf.UtcDateTime;
        // Widening windows: a minutely cron has many occurrences in a day, a yearly one none in a month.
        foreach (var days in new[] { 1, 32, 367, 366 * 4 + 1 })
        {
            var last = expression.GetOccurrences(to.AddDays(-days), to, VietnamTime.Zone, fromInclusive: true, toInclusive: true).LastOrDefault();
            if (last != default) return new DateTimeOffset(last, TimeSpan.Zero);
        }
        return null;
    }

    /// <summary>The occurrences strictly after <paramref name="after"/> and at or before <paramref name="upTo"/>, in UTC, oldest first.</summary>
    public static IEnumerable<DateTimeOffset> Between(string cron, DateTimeOffset after, DateTimeOffset upTo) =>
        after >= upTo
            ? []
            : ParseOrThrow(cron).GetOccurrences(after.UtcDateTime, upTo.UtcDateTime, VietnamTime.Zone, fromInclusive: false, toInclusive: true)
                .Select(o => new DateTimeOffset(o, TimeSpan.Zero));

    /// <summary>"2026-12-01 07:00": the occurrence's scheduled local time, the period a digest is for.</summary>
    public static string PeriodKey(DateTimeOffset occurrence) =>
        VietnamTime.ToLocal(occurrence).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static DateOnly LocalDay(DateTimeOffset occurrence) => DateOnly.FromDateTime(VietnamTime.ToLocal(occurrence).DateTime);

    /// <summary>Adds, updates or removes the recurring job of one subscription; called at start-up and whenever it is edited.</summary>
    public static void Register(IRecurringJobManager jobs, DigestSubscription subscription)
    {
        if (subscription.Enabled)
            jobs.AddOrUpdate<DigestJob>(JobId(subscription.Id), j => j.RunAsync(subscription.Id, null, CancellationToken.None), subscription.Cron,
                new RecurringJobOptions { TimeZone = VietnamTime.Zone });
        else
            jobs.RemoveIfExists(JobId(subscription.Id));
    }
}
