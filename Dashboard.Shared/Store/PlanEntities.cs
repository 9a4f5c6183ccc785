namespace Dashboard.Shared.Store;

/// <summary>
/// A yearly plan as an administrator made it: the targets, operators, owners and sections of the KPIs the engine knows, as
/// validated JSON (<see cref="Catalog.PlanFile"/>). A year has at most one draft and one published plan; publishing a new
/// one supersedes the old, which is kept so what was in force can still be read.
/// </summary>
public sealed class PlanVersion
{
    public long Id { get; set; }
    public int Year { get; set; }
    /// <summary><see cref="PlanStates"/>: draft, published or superseded.</summary>
    public required string State { get; set; }
    /// <summary>The plan's content, in the shape of a plan file (what export writes and import reads).</summary>
    public required string Json { get; set; }
    /// <summary>The year of the plan it was copied from; null when it was imported from a file.</summary>
    public int? BasedOn { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public required string SavedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime SavedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime? PublishedAt { get; set; }
}

public static class PlanStates
{
    public const string Draft = "draft", Published = "published", Superseded = "superseded";
}
