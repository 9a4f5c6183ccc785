using Dashboard.Shared.Catalog;

namespace Dashboard.Shared.Engine;

/// <summary>The current state of one KPI for one unit. Immutable: a change produces a new snapshot.</summary>
public sealed record KpiSnapshot(
    string UnitCode,
    KpiDefinition Kpi,
    decimal? Value,
    KpiStatus Status,
    decimal? PreviousValue,
    Trend Trend,
    string? Period,
    string? Source,
    bool IsDemo,
    DateTimeOffset? UpdatedAt,
    long Version)
{
    public string KpiCode => Kpi.Code;

    public static KpiSnapshot Empty(string unitCode, KpiDefinition kpi) =>
        new(unitCode, kpi, null, KpiStatus.NoData, null, Trend.None, null, null, false, null, 0);
}
