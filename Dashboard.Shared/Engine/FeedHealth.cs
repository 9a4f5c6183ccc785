using System.Collections.Concurrent;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Engine;

/// <summary>
/// Each feed's cadence, last success and last failure, kept in memory for the pages. Filled from the store at
/// start-up and told about every run as it ends. A KPI's freshness follows the feed that delivered its figure,
/// or, before anything arrived, the feed the catalog names for it.
/// </summary>
public sealed class FeedHealth(IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, NodeBus? nodes = null)
{
    private readonly ConcurrentDictionary<string, FeedState> _feeds = new(StringComparer.Ordinal);

    public event Action? Changed;

    public IReadOnlyCollection<FeedState> All => _feeds.Values.ToList();

    public FeedState? Find(string feedId) => _feeds.GetValueOrDefault(feedId);

    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feeds = await db.Feeds.AsNoTracking().ToListAsync(ct);
        var lastSuccess = await db.FeedRuns.Where(r => r.Outcome == FeedOutcome.Succeeded)
            .GroupBy(r => r.FeedId).Select(g => new { g.Key, At = g.Max(r => r.FinishedAt) }).ToDictionaryAsync(x => x.Key, x => x.At, ct);
        var failures = await db.FeedRuns.Where(r => r.Outcome == FeedOutcome.Failed)
            .GroupBy(r => r.FeedId).Select(g => g.OrderByDescending(r => r.FinishedAt).First()).ToListAsync(ct);
        foreach (var f in feeds)
        {
            var failure = failures.FirstOrDefault(x => x.FeedId == f.Id);
            _feeds[f.Id] = new FeedState(f.Id, Cadence(f), Utc(lastSuccess.GetValueOrDefault(f.Id)), Utc(failure?.FinishedAt), failure?.Error);
        }
    }

    public void Configure(FeedRow feed)
    {
        Tell(_feeds.AddOrUpdate(feed.Id, _ => new FeedState(feed.Id, Cadence(feed), null, null, null),
            (_, old) => old with { Cadence = Cadence(feed) }));
        Changed?.Invoke();
    }

    public void Succeeded(string feedId, DateTimeOffset at)
    {
        Tell(_feeds.AddOrUpdate(feedId, _ => new FeedState(feedId, null, at, null, null), (_, old) => old with { LastSuccessAt = at }));
        Changed?.Invoke();
    }

    public void Failed(string feedId, DateTimeOffset at, string error)
    {
        Tell(_feeds.AddOrUpdate(feedId, _ => new FeedState(feedId, null, null, at, error),
            (_, old) => old with { LastFailureAt = at, LastError = error }));
        Changed?.Invoke();
    }

    /// <summary>Another node ran or reconfigured a feed: take its state as it is there.</summary>
    public void Apply(FeedChanged e)
    {
        _feeds[e.FeedId] = new FeedState(e.FeedId, e.CadenceMinutes is int m and > 0 ? TimeSpan.FromMinutes(m) : null,
            e.LastSuccessAt, e.LastFailureAt, e.LastError);
        Changed?.Invoke();
    }

    private void Tell(FeedState s) =>
        nodes?.Tell(new FeedChanged(s.FeedId, s.Cadence is { } c ? (int)c.TotalMinutes : null, s.LastSuccessAt, s.LastFailureAt, s.LastError));

    /// <summary>The freshness of a KPI's figure now.</summary>
    public KpiFreshness Of(KpiSnapshot snapshot)
    {
        var feed = (snapshot.Source is { } s ? Find(s) : null) ?? Find(snapshot.Kpi.Feed);
        if (feed is null) return new(Freshness.Unknown, snapshot.UpdatedAt, false);
        // A run that succeeded without changing the figure still counts as a delivery.
        var lastGood = Max(feed.LastSuccessAt, snapshot.UpdatedAt);
        return new(FreshnessRules.Evaluate(time.GetUtcNow(), lastGood, feed.Cadence, feed.LastRunFailed), lastGood, feed.LastRunFailed);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan? Cadence(FeedRow f) => f.CadenceMinutes > 0 ? TimeSpan.FromMinutes(f.CadenceMinutes) : null;

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
