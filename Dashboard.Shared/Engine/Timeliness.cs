using System.Globalization;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine;

public enum Timeliness { NotOpen, OnTime, Late }

/// <summary>
/// Judges a dossier, a report, a task or a piece of feedback against its deadline, as Decision 766 counts: it counts in
/// every period it was open in, judged at the period's end (now, for the current period). One still in progress and
/// within its deadline is on time; one past its deadline is late even before it is finished. Deadlines are Vietnamese
/// local time: a bare due date runs to the end of that day, so a dossier finished at 23:30 on its due date is on time.
/// </summary>
public static class DeadlineRules
{
    public static Timeliness Judge(string received, string due, string? finished, ReportingWindow window, DateTimeOffset now)
    {
        var windowStart = LocalMidnight(window.Start);
        var asOf = Min(LocalMidnight(window.End), now);
        var receivedAt = Moment(received).At;
        var finishedAt = finished is null ? (DateTimeOffset?)null : Moment(finished).At;

        var openInWindow = receivedAt < asOf && (finishedAt is null || finishedAt >= windowStart);
        if (!openInWindow) return Timeliness.NotOpen;

        var deadline = Deadline(due);
        return finishedAt is { } f && f <= asOf
            ? (f < deadline ? Timeliness.OnTime : Timeliness.Late)
            : (asOf < deadline ? Timeliness.OnTime : Timeliness.Late);
    }

    /// <summary>The first instant that is past the deadline.</summary>
    public static DateTimeOffset Deadline(string due)
    {
        var (at, dateOnly) = Moment(due);
        return dateOnly ? at.AddDays(1) : at.AddTicks(1);
    }

    /// <summary>Reads a stored date: "2026-11-10" is a local calendar day (its local midnight), an ISO instant is itself.</summary>
    public static (DateTimeOffset At, bool DateOnly) Moment(string text)
    {
        // The importer stores instants in one shape, read without a format parser; any other ISO text as before.
        if (StoredDates.TryReadInstant(text, out var utc)) return (new DateTimeOffset(utc), false);
        if (StoredDates.TryReadDay(text, out var day)) return (LocalMidnight(day), true);
        return (DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), false);
    }

    private static DateTimeOffset LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
