using Dashboard.Shared.Catalog;
using Dashboard.Shared.Time;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit;

/// <summary>
/// A plan task is done when marked done; otherwise overdue from the day after its due day, in Vietnam. Worked by hand:
///   due "year" in 2026 = 31/12/2026: on 31/12 still "not done", on 01/01/2027 "overdue";
///   the evening of 31/12 UTC is already 1 January in Vietnam (UTC+7): 17:00 UTC = 00:00 on 01/01.
/// </summary>
public sealed class PlanTaskRulesTests
{
    private static readonly Agency Office = new("van-phong", new("Văn phòng UBND xã", "Commune office"));
    private static readonly PlanSection Section = new("3.2", 4, "thu-tuc-hanh-chinh", new("Cải cách TTHC", "Procedure reform"));
    private static PlanTask Task(string code, TaskDue due) => new(code, Section, new(code, code + " (en)"), Office, due);

    private static readonly PlanTask ByYearEnd = Task("cuoi-nam", TaskDue.EndOfYear);
    private static readonly PlanTask ByJune = Task("giua-nam", new TaskDue(6, 30));

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2026, 12, 31, false, PlanTaskState.NotDone)] // the due day itself is on time
    [InlineData(2027, 1, 1, false, PlanTaskState.Overdue)]   // the day after
    [InlineData(2027, 3, 5, true, PlanTaskState.Done)]      // done is done, late or not
    [InlineData(2026, 2, 1, true, PlanTaskState.Done)]
    public void A_year_task_is_overdue_from_1_january_of_the_next_year(int y, int m, int d, bool done, PlanTaskState expected) =>
        Assert.Equal(expected, PlanTaskRules.State(ByYearEnd, 2026, done, D(y, m, d)));

    [Fact]
    public void A_task_with_a_due_day_is_overdue_the_day_after_it_and_each_year_is_judged_on_its_own()
    {
        Assert.Equal(PlanTaskState.NotDone, PlanTaskRules.State(ByJune, 2026, false, D(2026, 6, 30)));
        Assert.Equal(PlanTaskState.Overdue, PlanTaskRules.State(ByJune, 2026, false, D(2026, 7, 1)));
        // Looking back at 2025 from 2026: not done is overdue. Looking ahead to 2027: not yet due.
        Assert.Equal(PlanTaskState.Overdue, PlanTaskRules.State(ByYearEnd, 2025, false, D(2026, 3, 1)));
        Assert.Equal(PlanTaskState.NotDone, PlanTaskRules.State(ByYearEnd, 2027, false, D(2026, 3, 1)));
    }

    [Fact]
    public void Today_is_the_day_in_vietnam_not_in_utc()
    {
        var beforeMidnight = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 16, 59, 0, TimeSpan.Zero)); // 23:59 on 31/12 in Vietnam
        var afterMidnight = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero));   // 00:00 on 01/01 in Vietnam
        Assert.Equal(PlanTaskState.NotDone, PlanTaskRules.State(ByYearEnd, 2026, false, VietnamTime.Today(beforeMidnight)));
        Assert.Equal(PlanTaskState.Overdue, PlanTaskRules.State(ByYearEnd, 2026, false, VietnamTime.Today(afterMidnight)));
    }

    [Fact]
    public void The_summary_counts_done_of_all_and_the_overdue_among_the_rest()
    {
        // On 15/07/2026: A (year) done; B (30/06) not done → overdue; C (year) not done → not yet due; D (30/06) done late.
        PlanTask[] tasks = [Task("a", TaskDue.EndOfYear), Task("b", new TaskDue(6, 30)), Task("c", TaskDue.EndOfYear), Task("d", new TaskDue(6, 30))];
        var done = new HashSet<string> { "a", "d" };

        var summary = PlanTaskRules.Summarize(tasks, 2026, done.Contains, D(2026, 7, 15));

        Assert.Equal(new PlanTaskSummary(Done: 2, Total: 4, Overdue: 1), summary);
    }
}
