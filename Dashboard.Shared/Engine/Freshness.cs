namespace Dashboard.Shared.Engine;

/// <summary>How recent a KPI's figure is. A badge of its own: it never changes the KPI's status colour.</summary>
public enum Freshness { Unknown, Fresh, Late, Stale }

/// <summary>A KPI's freshness, the time of its last good figure, and whether its source's last run failed.</summary>
public sealed record KpiFreshness(Freshness Level, DateTimeOffset? LastGoodAt, bool SourceFailed)
{
    public bool ShowsBadge => Level is Freshness.Late or Freshness.Stale;
}

/// <summary>What the dashboard knows about one feed's deliveries.</summary>
public sealed record FeedState(string FeedId, TimeSpan? Cadence, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastError)
{
    public bool LastRunFailed => LastFailureAt is { } f && (LastSuccessAt is not { } s || f > s);
}

public static class FreshnessRules
{
    /// <summary>
    /// Amber (late) when nothing arrived within 2× the feed's cadence, red (stale) at 5× or when the last run failed.
    /// <paramref name="lastGood"/> is the last good delivery: a successful run, or the figure's own arrival for pushed sources.
    /// </summary>
    public static Freshness Evaluate(DateTimeOffset now, DateTimeOffset? lastGood, TimeSpan? cadence, bool lastRunFailed)
    {
        if (lastRunFailed) return Freshness.Stale;
        if (cadence is not { } c || c <= TimeSpan.Zero || lastGood is not { } at) return Freshness.Unknown;
        var age = now - at;
        if (age > 5 * c) return Freshness.Stale;
        if (age > 2 * c) return Freshness.Late;
        return Freshness.Fresh;
    }
}
