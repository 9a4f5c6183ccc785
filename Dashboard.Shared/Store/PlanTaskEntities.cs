namespace Dashboard.Shared.Store;

/// <summary>
/// Where a plan task (catalog <c>tasks</c>) stands for a unit in a year: done with its evidence, or not done. One row per
/// (unit, task, year); every change is also appended to <see cref="PlanTaskHistory"/>.
/// </summary>
public sealed class PlanTaskStatus
{
    public long Id { get; set; }
    public required string UnitCode { get; set; }
    public required string TaskCode { get; set; }
    public int Year { get; set; }
    public bool Done { get; set; }
    /// <summary>What shows it was done: a document's number and date, a link, or a short text. Null when not done.</summary>
    public string? Evidence { get; set; }
    /// <summary>The day in Vietnam it was done. Null when not done.</summary>
    public DateOnly? DoneOn { get; set; }
    /// <summary>The signed-in account that recorded it (never a name typed into the form).</summary>
    public required string RecordedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAt { get; set; }
}

/// <summary>Every change of a plan task's status, as recorded: nothing is overwritten here.</summary>
public sealed class PlanTaskHistory
{
    public long Id { get; set; }
    public required string UnitCode { get; set; }
    public required string TaskCode { get; set; }
    public int Year { get; set; }
    public bool Done { get; set; }
    public string? Evidence { get; set; }
    public DateOnly? DoneOn { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAt { get; set; }
}
