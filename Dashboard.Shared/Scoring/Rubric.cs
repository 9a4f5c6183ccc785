using Dashboard.Shared.Catalog;

namespace Dashboard.Shared.Scoring;

public enum CriterionScope { Province, Commune }

/// <summary>How a measured rate (0–100) becomes points.</summary>
public enum RuleType
{
    /// <summary>points = max × rate.</summary>
    Rate,
    /// <summary>Full points at the threshold, proportional below it.</summary>
    FullAt,
    /// <summary>Zero below the floor, full at the target, proportional between.</summary>
    Between,
    /// <summary>Full points while the value stays at or under the threshold (a count of breaches, headcount against quota), else 0.</summary>
    AtMost,
    /// <summary>Shown, worth no points.</summary>
    Tracked,
}

/// <summary>
/// <see cref="Strict"/>: the plan's text says "dưới" (under) or "trên" (over), so the target itself is not reached:
/// full points need a value strictly beyond it (under it, for <see cref="RuleType.AtMost"/>).
/// </summary>
public sealed record ScoringRule(RuleType Type, decimal? Threshold = null, decimal? Floor = null, decimal? Target = null, bool Strict = false)
{
    /// <summary>
    /// What a value exactly at a strict target scores: one hundredth of a point under full, the smallest step a score is
    /// shown in, so the proportional part stays continuous and the boundary never shows full points.
    /// </summary>
    public const decimal StrictShortfall = 0.01m;

    /// <summary>
    /// Points for a rate in percent (a count, for <see cref="RuleType.AtMost"/>); null (no data) stays null, never 0.
    /// Exact: the score is rounded once, at the end, so no rounding of a criterion adds up across criteria.
    /// </summary>
    public decimal? Points(decimal maxPoints, decimal? rate)
    {
        if (rate is not { } r) return null;
        if (Type == RuleType.AtMost) return (Strict ? r < Threshold!.Value : r <= Threshold!.Value) ? maxPoints : 0;
        r = Math.Clamp(r, 0, 100);
        var share = Type switch
        {
            RuleType.Rate => r / 100,
            RuleType.FullAt => Math.Min(1, r / Threshold!.Value),
            RuleType.Between => r <= Floor!.Value ? 0 : r >= Target!.Value ? 1 : (r - Floor.Value) / (Target.Value - Floor.Value),
            _ => 0,
        };
        var points = maxPoints * share;
        if (Strict && Type is RuleType.FullAt or RuleType.Between && r <= FullPointsAt!.Value && maxPoints > 0)
            points = Math.Min(points, maxPoints - StrictShortfall);
        return points;
    }

    /// <summary>The value at which the rule gives full points, if the rule has one (what "recovering the points" aims at); a strict rule needs more than it.</summary>
    public decimal? FullPointsAt => Type switch
    {
        RuleType.Rate => 100,
        RuleType.FullAt => Threshold,
        RuleType.Between => Target,
        _ => null,
    };
}

/// <summary>
/// A criterion: its points, its rule, and what it is measured from (a catalog KPI, or a named record measure).
/// <see cref="SpreadWhenNoData"/>: when there is nothing to measure (no feedback at all, in Decision 766), its points
/// are spread over the other criteria of its group instead of being lost.
/// </summary>
public sealed record Criterion(string Code, LocalizedText Name, CriterionScope Scope, decimal MaxPoints, ScoringRule Rule, string? Kpi,
    string? Measure, bool SpreadWhenNoData = false);

public sealed record CriterionGroup(string Code, LocalizedText Name, decimal MaxPoints, IReadOnlyList<Criterion> Criteria);

/// <summary>A classification band: the lowest score that reaches it.</summary>
public sealed record Band(string Code, decimal Min, LocalizedText Name);

/// <summary>
/// A scoring rubric as its issuer publishes it (Decision 766, a province's commune PAR index…), versioned by issuer
/// and year. Rubrics are data: a province's own file replaces the example without a code change.
/// </summary>
public sealed record Rubric(string Code, int Year, bool Example, LocalizedText Issuer, LocalizedText Name, LocalizedText? Note,
    decimal MaxPoints, IReadOnlyList<Band> Bands, IReadOnlyList<CriterionGroup> Groups)
{
    public IEnumerable<Criterion> Criteria => Groups.SelectMany(g => g.Criteria);

    /// <summary>The band a score reaches; bands are ordered from the highest.</summary>
    public Band BandOf(decimal score) => Bands.First(b => score >= b.Min);
}
