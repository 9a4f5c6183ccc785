namespace Dashboard.Shared.Engine;

public enum TargetOperator { Lt, Le, Ge, Gt }

/// <summary>A KPI target such as "&lt; 5" (late dossiers) or "≥ 98" (disbursement).</summary>
/// <param name="PerYear">A count set for a whole year (≥ 24 articles a year): a shorter period is judged against its
/// share of it (<see cref="For"/>), and its figure is the sum of what was counted in it.</param>
/// <param name="CommuneOwn">A target the commune set itself where the plan names the task but no number (≥ 24 articles).</param>
public sealed record Target(TargetOperator Op, decimal Value, bool PerYear = false, bool CommuneOwn = false)
{
    /// <summary>
    /// The target for the period from <paramref name="start"/> to <paramref name="end"/> (exclusive): the yearly count
    /// pro-rated by the period's days within its year, to a whole count (24 a year is 2 for a 30-day month, 22 for the
    /// year to 27/11); any other target is the same for every period.
    /// </summary>
    public Target For(DateOnly start, DateOnly end) => PerYear ? this with { Value = ProRated(Value, start, end), PerYear = false } : this;

    public static decimal ProRated(decimal yearly, DateOnly start, DateOnly end)
    {
        var yearStart = new DateOnly(start.Year, 1, 1);
        var yearEnd = yearStart.AddYears(1);
        var days = Math.Max(0, (Min(end, yearEnd).DayNumber - Max(start, yearStart).DayNumber));
        var share = (decimal)days / (yearEnd.DayNumber - yearStart.DayNumber);
        return Math.Round(yearly * share, 0, MidpointRounding.AwayFromZero);

        static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
        static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }

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
    /// <summary>The status of a figure for the period from <paramref name="start"/> to <paramref name="end"/>: a yearly count
    /// target and its amber threshold are pro-rated to the period first.</summary>
    public static KpiStatus Evaluate(decimal? value, Target? target, decimal? amber, DateOnly start, DateOnly end) =>
        target is { PerYear: true }
            ? Evaluate(value, target.For(start, end), amber is { } a ? Target.ProRated(a, start, end) : null)
            : Evaluate(value, target, amber);

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
