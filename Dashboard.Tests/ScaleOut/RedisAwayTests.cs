using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.ScaleOut;

/// <summary>A node configured for Redis starts while Redis is away: it serves its own pages and says it is not ready.</summary>
[Collection(HostCollection.Name)]
public sealed class RedisAwayTests
{
    [Fact]
    public async Task A_node_starts_without_redis_serves_its_pages_and_is_not_ready_until_redis_answers()
    {
        // Nothing listens on this port.
        using var app = new DashboardApp(settings: new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{LoopbackServices.FreePort()},connectTimeout=1000",
        });
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Http.GetAsync("/health/ready")).StatusCode);
        // Its own readings still reach its own snapshot: one node keeps working.
        (await app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026", value = 90, source = "khao-sat" }))
            .EnsureSuccessStatusCode();
        Assert.Equal(90m, (await app.GetSnapshotAsync("que-minh")).Kpi("sipas").Value);
    }
}
