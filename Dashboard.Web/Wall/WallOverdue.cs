using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;

namespace Dashboard.Web.Wall;

/// <summary>Something past its deadline, with the agency handling it and the local day it was due.</summary>
public sealed record OverdueItem(string Title, string? Agency, DateOnly DueDay, int DaysLate);

/// <summary>
/// What the meeting room should chase today: reports and district tasks past their deadline and still open, and the
/// late dossiers of the apology KPI's default window that have no apology letter yet (Decision 766 asks for one for every
/// late dossier).
/// </summary>
public sealed record WallOverdue(IReadOnlyList<OverdueItem> Reports, IReadOnlyList<OverdueItem> Tasks, IReadOnlyList<OverdueItem> LateWithoutApology,
    bool IsDemo)
{
    /// <summary>The KPI whose window the late dossiers are listed for.</summary>
    public const string ApologyKpi = "ho-so-tre-han-xin-loi";

    public static WallOverdue Of(UnitRecords records, ReportingWindow window, DateTimeOffset now)
    {
        var at = now.UtcTicks;
        var context = MeasureContext.Of(records, window, now);
        var reports = records.Reports.Where(r => !r.IsFinished && r.PastDue <= at)
            .Select(r => Item(r.Title, r.Agency, r.PastDue, now));
        var tasks = records.Tasks.Where(t => !t.IsFinished && t.PastDue <= at)
            .Select(t => Item(t.Title, t.Agency, t.PastDue, now));
        var dossiers = records.Dossiers.Where(d => !d.Apology && d.Judge(context.Start, context.AsOf) == Timeliness.Late)
            .Select(d => Item(records.Procedures.TryGetValue(d.Procedure, out var p) ? $"{d.Key} · {p.Name}" : d.Key, d.Agency, d.PastDue, now));
        return new WallOverdue(Sorted(reports), Sorted(tasks), Sorted(dossiers),
            records.IsDemo("report") || records.IsDemo("task") || records.IsDemo("dossier"));
    }

    // Longest overdue first: the oldest debt is the first question in the meeting.
    private static List<OverdueItem> Sorted(IEnumerable<OverdueItem> items) => items.OrderByDescending(i => i.DaysLate).ThenBy(i => i.Title).ToList();

    private static OverdueItem Item(string title, string? agency, long pastDue, DateTimeOffset now)
    {
        // PastDue is the first instant after the deadline; the deadline's local day is the one before that instant.
        var due = DateOnly.FromDateTime(VietnamTime.ToLocal(new DateTimeOffset(pastDue - 1, TimeSpan.Zero)).DateTime);
        var today = DateOnly.FromDateTime(VietnamTime.ToLocal(now).DateTime);
        return new OverdueItem(title, agency, due, Math.Max(0, today.DayNumber - due.DayNumber));
    }
}
