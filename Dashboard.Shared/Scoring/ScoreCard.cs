using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Scoring;

/// <summary>What a criterion is measured at for a unit and window: a value, and the measure behind it when it came from records.</summary>
public sealed record CriterionInput(decimal? Value, Measure? Measure);

/// <summary>
/// One criterion's result. <see cref="MaxPoints"/> is what it is worth here (more than the rubric's when points of a
/// criterion without data were spread onto it). <see cref="RecordsToFull"/>: how many failing records would have to
/// become hits to reach full points, when the figure is a plain count of records.
/// </summary>
public sealed record CriterionScore(Criterion Criterion, bool Applies, decimal? Value, decimal? Points, decimal MaxPoints, Measure? Measure,
    int? RecordsToFull)
{
    public bool HasData => Value is not null;
    public decimal? Lost => Applies && Points is { } p ? MaxPoints - p : null;
    public bool Scored => Applies && Criterion.Rule.Type != RuleType.Tracked;
}

public sealed record GroupScore(CriterionGroup Group, IReadOnlyList<CriterionScore> Criteria)
{
    /// <summary>Points of the criteria that have data; null when none has.</summary>
    public decimal? Points => Criteria.Any(c => c.Scored && c.Points is not null) ? Criteria.Where(c => c.Scored).Sum(c => c.Points ?? 0) : null;
    public decimal MaxWithData => Criteria.Where(c => c.Scored && c.HasData).Sum(c => c.MaxPoints);
    public decimal MaxApplicable => Criteria.Where(c => c.Scored).Sum(c => c.MaxPoints);
    public decimal Lost => Criteria.Sum(c => c.Lost ?? 0);
}

/// <summary>
/// How much must be measured before a score, band and rank mean anything: <see cref="MinCoverage"/>, the share (0–1) of
/// the rubric's points whose criteria have data, and <see cref="MinRecords"/>, the records counted behind them. Without
/// it, one measured criterion out of 26 would score 100 and rank first.
/// </summary>
public sealed record CoverageRule(decimal MinCoverage, int MinRecords)
{
    /// <summary>No minimum: every score with any data is graded (the engine's own tests of points).</summary>
    public static readonly CoverageRule None = new(0, 0);
}

/// <summary>
/// A rubric scored for one unit and window. Criteria outside the unit's scope (province-only items of Decision 766)
/// and criteria without data are shown but not counted: <see cref="Score100"/> is the score over what could be measured,
/// on the rubric's scale, and the band is read from it — only when enough was measured (<see cref="Graded"/>).
/// </summary>
public sealed record ScoreCard(Rubric Rubric, IReadOnlyList<GroupScore> Groups, CoverageRule? Minimum = null, ReportingWindow? Window = null)
{
    public decimal? Points => Groups.Any(g => g.Points is not null) ? Groups.Sum(g => g.Points ?? 0) : null;
    public decimal MaxWithData => Groups.Sum(g => g.MaxWithData);
    public decimal MaxApplicable => Groups.Sum(g => g.MaxApplicable);
    public decimal Lost => Groups.Sum(g => g.Lost);

    /// <summary>The share (0–1) of the rubric's points that were measured; province-only points count as not measured for a commune.</summary>
    public decimal Coverage => Rubric.MaxPoints > 0 ? MaxWithData / Rubric.MaxPoints : 0;

    /// <summary>
    /// Records counted by the measured criteria, summed criterion by criterion (a dossier counted by two criteria counts
    /// twice). A figure taken from a reading has no records behind it here, so it adds none.
    /// </summary>
    public int Records => Criteria.Where(c => c.Scored && c.HasData).Sum(c => c.Measure?.Records ?? 0);

    /// <summary>Enough was measured to give a score, a band and a rank.</summary>
    public bool Graded => Points is not null && MaxWithData > 0
        && Coverage >= (Minimum ?? CoverageRule.None).MinCoverage && Records >= (Minimum ?? CoverageRule.None).MinRecords;

    /// <summary>Points scaled to the rubric's maximum from the exact criterion points, rounded once to 2 decimals; null when not <see cref="Graded"/>.</summary>
    public decimal? Score100 => Graded ? Math.Round(Points!.Value / MaxWithData * Rubric.MaxPoints, 2, MidpointRounding.AwayFromZero) : null;

    public Band? Band => Score100 is { } s ? Rubric.BandOf(s) : null;

    public IEnumerable<CriterionScore> Criteria => Groups.SelectMany(g => g.Criteria);
}

public static class ScoreCalculator
{
    public static ScoreCard Score(Rubric rubric, CriterionScope scope, Func<Criterion, CriterionInput> input, CoverageRule? minimum = null,
        ReportingWindow? window = null) =>
        new(rubric, rubric.Groups.Select(g => Group(g, scope, input)).ToList(), minimum, window);

    private static GroupScore Group(CriterionGroup group, CriterionScope scope, Func<Criterion, CriterionInput> input)
    {
        // A commune is scored on commune criteria only; a province on everything.
        bool Applies(Criterion c) => scope == CriterionScope.Province || c.Scope == CriterionScope.Commune;
        var inputs = group.Criteria.ToDictionary(c => c.Code, c => Applies(c) ? input(c) : new CriterionInput(null, null));

        // Spread only when none of the spreading criteria has a value (no feedback at all, in Decision 766): feedback
        // without satisfaction ratings loses those points rather than handing them to another criterion.
        var spreading = group.Criteria.Where(c => Applies(c) && c.SpreadWhenNoData).ToList();
        var spread = spreading.Count > 0 && spreading.All(c => inputs[c.Code].Value is null) ? spreading : [];
        var receivers = group.Criteria.Where(c => Applies(c) && c.Rule.Type != RuleType.Tracked && inputs[c.Code].Value is not null).ToList();
        var spreadPoints = receivers.Count == 0 ? 0 : spread.Sum(c => c.MaxPoints);
        var receiverMax = receivers.Sum(c => c.MaxPoints);

        var scores = group.Criteria.Select(c =>
        {
            var applies = Applies(c);
            var (value, measure) = inputs[c.Code];
            var max = c.MaxPoints;
            if (spread.Contains(c) && receivers.Count > 0) max = 0;
            else if (receivers.Contains(c) && spreadPoints > 0 && receiverMax > 0) max += spreadPoints * c.MaxPoints / receiverMax;
            var points = applies && c.Rule.Type != RuleType.Tracked ? c.Rule.Points(max, value) : null;
            return new CriterionScore(c, applies, value, points, max, measure, points < max ? RecordsToFull(c.Rule, measure) : null);
        }).ToList();
        return new GroupScore(group, scores);
    }

    /// <summary>For a count of records (one record, one unit of weight): the hits missing to reach the rule's full-points value.</summary>
    private static int? RecordsToFull(ScoringRule rule, Measure? measure)
    {
        if (measure is null || rule.FullPointsAt is not { } full || measure.Total != measure.Records) return null;
        var goal = full / 100m * measure.Total;
        // A strict target must be passed, not reached: one hit more than the target's count.
        var needed = (int)(rule.Strict ? Math.Floor(goal) + 1 - measure.Hits : Math.Ceiling(goal - measure.Hits));
        return Math.Clamp(needed, 0, measure.Failing);
    }
}
