using Dashboard.Shared.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Store;

/// <summary>
/// Done / not done of the plan's tasks per (unit, task, year), with evidence, who recorded it and when; every change is
/// kept in the history. The form's checks (reach, known task, evidence) are the caller's: this stores what it is given.
/// </summary>
public sealed class PlanTaskStore(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Evidence is a reference (a document's number and date, a link) or a short text, not the document itself.</summary>
    public const int MaxEvidence = 500;

    public async Task<Dictionary<string, PlanTaskStatus>> ForUnitAsync(string unit, int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlanTasks.AsNoTracking().Where(s => s.UnitCode == unit && s.Year == year).ToDictionaryAsync(s => s.TaskCode, ct);
    }

    public async Task<PlanTaskSummary> SummaryAsync(KpiCatalog catalog, string unit, int year, DateOnly today, CancellationToken ct = default)
    {
        var statuses = await ForUnitAsync(unit, year, ct);
        return PlanTaskRules.Summarize(catalog.Tasks, year, code => statuses.TryGetValue(code, out var s) && s.Done, today);
    }

    /// <summary>Marks a task done (with its evidence and day) or not done. Null when it already stood so: nothing is recorded.</summary>
    public async Task<PlanTaskHistory?> SetAsync(string who, string unit, string task, int year, bool done, string? evidence, DateOnly? doneOn,
        CancellationToken ct = default)
    {
        evidence = done ? evidence?.Trim() : null;
        if (done && (string.IsNullOrEmpty(evidence) || evidence.Length > MaxEvidence || doneOn is null))
            throw new ArgumentException("A task marked done needs its evidence (at most 500 characters) and the day it was done.");
        if (!done) doneOn = null;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PlanTasks.SingleOrDefaultAsync(s => s.UnitCode == unit && s.TaskCode == task && s.Year == year, ct);
        if (row is null)
        {
            // Never recorded is "not done": undoing it changes nothing.
            if (!done) return null;
            db.PlanTasks.Add(row = new PlanTaskStatus { UnitCode = unit, TaskCode = task, Year = year, RecordedBy = "" });
        }
        else if (row.Done == done && row.Evidence == evidence && row.DoneOn == doneOn) return null;

        var now = time.GetUtcNow().UtcDateTime;
        row.Done = done;
        row.Evidence = evidence;
        row.DoneOn = doneOn;
        row.RecordedBy = who;
        row.RecordedAt = now;
        var change = new PlanTaskHistory
        {
            UnitCode = unit, TaskCode = task, Year = year, Done = done, Evidence = evidence, DoneOn = doneOn, RecordedBy = who, RecordedAt = now,
        };
        db.PlanTaskHistory.Add(change);
        await db.SaveChangesAsync(ct);
        return change;
    }

    /// <summary>The latest changes of one unit's year, newest first.</summary>
    public async Task<List<PlanTaskHistory>> HistoryAsync(string unit, int year, int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlanTaskHistory.AsNoTracking().Where(h => h.UnitCode == unit && h.Year == year)
            .OrderByDescending(h => h.Id).Take(count).ToListAsync(ct);
    }
}
