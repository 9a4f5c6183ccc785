using Dashboard.Shared.Engine;

namespace Dashboard.Shared.Catalog;

public enum KpiUnit { Percent, Count, Score, Vnd, Band }

/// <summary>Whether a KPI arrives as a figure, or is computed from source records.</summary>
public enum KpiBasis { Reading, Records }

public sealed record Agency(string Code, LocalizedText Name);

public sealed record PlanSection(string Code, int Order, string Area, LocalizedText Name);

public sealed record KpiDefinition(
    string Code,
    LocalizedText Name,
    PlanSection Section,
    KpiUnit Unit,
    Target? Target,
    decimal? Amber,
    Agency Owner,
    IReadOnlyList<Agency> Coordinating,
    KpiBasis Basis,
    string Feed)
{
    public bool IsTrackedOnly => Target is null;
}
