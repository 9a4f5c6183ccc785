using Dashboard.Shared.Engine;

namespace Dashboard.Shared.Live;

/// <summary>The wire form of a snapshot: the JSON API and the hub send this.</summary>
public sealed record KpiSnapshotDto(
    string Unit,
    string Kpi,
    string NameVi,
    string NameEn,
    string Section,
    string Measure,
    decimal? Value,
    string? TargetOp,
    decimal? TargetValue,
    string Status,
    string Trend,
    string? Period,
    string? Source,
    bool Demo,
    DateTimeOffset? UpdatedAt,
    long Version,
    string Freshness,
    DateTimeOffset? LastGoodAt)
{
    public static KpiSnapshotDto From(KpiSnapshot s, FeedHealth health) => From(s, health.Of(s));

    public static KpiSnapshotDto From(KpiSnapshot s, KpiFreshness f) => new(
        s.UnitCode, s.Kpi.Code, s.Kpi.Name.Vi, s.Kpi.Name.En, s.Kpi.Section.Code,
        s.Kpi.Unit.ToString().ToLowerInvariant(), s.Value,
        s.Kpi.Target?.Op.ToString().ToLowerInvariant(), s.Kpi.Target?.Value,
        s.Status.ToString(), s.Trend.ToString(), s.Period, s.Source, s.IsDemo, s.UpdatedAt, s.Version,
        f.Level.ToString(), f.LastGoodAt);
}
