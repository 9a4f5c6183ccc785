namespace Dashboard.Shared.Engine;

public enum TargetOperator { Lt, Le, Ge, Gt }

/// <summary>A KPI target such as "&lt; 5" (late dossiers) or "≥ 98" (disbursement).</summary>
public sealed record Target(TargetOperator Op, decimal Value)
{
    public bool HigherIsBetter => Op is TargetOperator.Ge or TargetOperator.Gt;

    public bool IsMet(decimal value) => Op switch
    {
        TargetOperator.Lt => value < Value,
        TargetOperator.Le => value <= Value,
        TargetOperator.Ge => value >= Value,
        TargetOperator.Gt => value > Value,
        _ => false,
    };

    public string Symbol => Op switch
    {
        TargetOperator.Lt => "<",
        TargetOperator.Le => "≤",
        TargetOperator.Ge => "≥",
        _ => ">",
    };
}

/// <summary>đạt / cần chú ý / không đạt / chưa có dữ liệu, plus "tracked" for KPIs without a target.</summary>
public enum KpiStatus { NoData, Met, Warning, NotMet, Tracked }

public enum Trend { None, Up, Down, Flat }

public static class StatusRules
{
    /// <summary>
    /// The amber threshold is inclusive: for a higher-is-better target, a value at or above it (but short of the
    /// target) is amber; for a lower-is-better target, a value at or below it (but not meeting the target) is amber.
    /// </summary>
    public static KpiStatus Evaluate(decimal? value, Target? target, decimal? amber)
    {
        if (value is not { } v) return KpiStatus.NoData;
        if (target is null) return KpiStatus.Tracked;
        if (target.IsMet(v)) return KpiStatus.Met;
        if (amber is { } a && (target.HigherIsBetter ? v >= a : v <= a)) return KpiStatus.Warning;
        return KpiStatus.NotMet;
    }

    public static Trend TrendOf(decimal? previous, decimal? current) => (previous, current) switch
    {
        ({ } p, { } c) when c > p => Trend.Up,
        ({ } p, { } c) when c < p => Trend.Down,
        ({ }, { }) => Trend.Flat,
        _ => Trend.None,
    };
}
