using System.Globalization;

namespace Dashboard.Shared.Catalog;

/// <summary>
/// An item of the plan with no number to measure: it is done or not, with its evidence (<c>tasks</c> in the catalog).
/// The plan repeats each year, so a task is judged per (unit, year) against its due day in that year.
/// </summary>
public sealed record PlanTask(string Code, PlanSection Section, LocalizedText Text, Agency Owner, TaskDue Due);

/// <summary>
/// When a task is due in a plan year: <c>year</c> (by 31/12) or a day of the year written <c>MM-DD</c> (<c>06-30</c>: by 30/06).
/// </summary>
public sealed record TaskDue(int Month, int Day)
{
    public static readonly TaskDue EndOfYear = new(12, 31);

    /// <summary>The last day the task is on time in <paramref name="year"/>: it is overdue from the day after.</summary>
    public DateOnly On(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));

    public static bool TryParse(string? text, out TaskDue due)
    {
        due = EndOfYear;
        if (text is null) return false;
        if (text == "year") return true;
        // Checked against a leap year, so 02-29 is allowed (it reads 28/02 in other years).
        if (text.Length == 5 && text[2] == '-' && int.TryParse(text[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month))
        {
            due = new TaskDue(month, day);
            return true;
        }
        return false;
    }
}

public enum PlanTaskState { NotDone, Done, Overdue }

/// <summary>How a task stands on a given day, and the count of a year's tasks shown on the overview and the briefing.</summary>
public static class PlanTaskRules
{
    /// <summary>Done whenever it is marked done (late or not); otherwise overdue from the day after its due day.</summary>
    public static PlanTaskState State(PlanTask task, int year, bool done, DateOnly today) =>
        done ? PlanTaskState.Done : today > task.Due.On(year) ? PlanTaskState.Overdue : PlanTaskState.NotDone;

    public static PlanTaskSummary Summarize(IEnumerable<PlanTask> tasks, int year, Func<string, bool> isDone, DateOnly today)
    {
        var states = tasks.Select(t => State(t, year, isDone(t.Code), today)).ToList();
        return new PlanTaskSummary(states.Count(s => s == PlanTaskState.Done), states.Count, states.Count(s => s == PlanTaskState.Overdue));
    }
}

public sealed record PlanTaskSummary(int Done, int Total, int Overdue);
