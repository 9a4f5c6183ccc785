using Microsoft.Extensions.Time.Testing;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Unit;

public sealed class FreshnessTests
{
    private static readonly KpiDefinition Disbursement = new("giai-ngan-dau-tu-cong", new("Giải ngân", "Disbursement"),
        new PlanSection("3.5", 7, "tai-chinh-cong", new("Tài chính công", "Public finance")), KpiUnit.Percent,
        new Target(TargetOperator.Ge, 98), 80, new Agency("tai-chinh-ke-toan", new("Tài chính", "Finance")), [], KpiBasis.Records, "finance");

    [Fact]
    public void Freshness_follows_the_feeds_cadence_through_late_and_stale_and_a_failed_run()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));
        var health = new FeedHealth(null!, clock);
        health.Configure(new FeedRow { Id = "finance", Kind = "http-json", NameVi = "Tài chính", NameEn = "Finance", CadenceMinutes = 60 });
        health.Succeeded("finance", clock.GetUtcNow());
        var figure = new KpiSnapshot("que-minh", Disbursement, 91, KpiStatus.Warning, null, Trend.None, "2026-11", "finance", false, clock.GetUtcNow(), 1);

        Assert.Equal(Freshness.Fresh, health.Of(figure).Level);
        clock.Advance(TimeSpan.FromMinutes(120));
        Assert.Equal(Freshness.Fresh, health.Of(figure).Level);      // exactly 2× is still on time
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Freshness.Late, health.Of(figure).Level);
        clock.Advance(TimeSpan.FromMinutes(180));
        Assert.Equal(Freshness.Stale, health.Of(figure).Level);      // past 5×

        // A successful run that changed nothing still counts as a delivery.
        health.Succeeded("finance", clock.GetUtcNow());
        Assert.Equal(Freshness.Fresh, health.Of(figure).Level);
        Assert.Equal(clock.GetUtcNow(), health.Of(figure).LastGoodAt);

        // A failed run is red at once, and shows the time of the last good figure.
        var lastGood = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(5));
        health.Failed("finance", clock.GetUtcNow(), "HTTP 503");
        var failed = health.Of(figure);
        Assert.Equal(Freshness.Stale, failed.Level);
        Assert.True(failed.SourceFailed);
        Assert.Equal(lastGood, failed.LastGoodAt);

        // The next good run clears it.
        clock.Advance(TimeSpan.FromMinutes(5));
        health.Succeeded("finance", clock.GetUtcNow());
        Assert.Equal(Freshness.Fresh, health.Of(figure).Level);
    }

    [Fact]
    public void Without_a_known_feed_or_cadence_there_is_no_badge()
    {
        var clock = new FakeTimeProvider(TestClock.Origin);
        var health = new FeedHealth(null!, clock);
        var figure = new KpiSnapshot("que-minh", Disbursement, 91, KpiStatus.Warning, null, Trend.None, "2026-11", "khao-sat", false, clock.GetUtcNow(), 1);
        Assert.Equal(Freshness.Unknown, health.Of(figure).Level);
        Assert.False(health.Of(figure).ShowsBadge);
        Assert.Equal(Freshness.Unknown, FreshnessRules.Evaluate(clock.GetUtcNow(), null, TimeSpan.FromHours(1), false));
    }
}
