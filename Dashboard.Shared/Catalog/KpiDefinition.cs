using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Catalog;

public enum KpiUnit { Percent, Count, Score, Vnd, Band }

/// <summary>Whether a KPI arrives as a figure, or is computed from source records.</summary>
public enum KpiBasis { Reading, Records }

public sealed record Agency(string Code, LocalizedText Name);

public sealed record PlanSection(string Code, int Order, string Area, LocalizedText Name);

/// <param name="Window">The period the KPI is judged on by default (catalog field <c>window</c>): its tile, wall card, digest
/// line and the live figure computed from records are for this window (<see cref="KpiWindows.Default"/>).</param>
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
    string Feed,
    WindowKind Window = WindowKind.YearToDate)
{
    public bool IsTrackedOnly => Target is null;
}
