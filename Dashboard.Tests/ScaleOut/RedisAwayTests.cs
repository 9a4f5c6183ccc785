using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Accounts;
using Npgsql;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.ScaleOut;

/// <summary>Redis away: at start-up, or for a while under running nodes.</summary>
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

    [Fact]
    public async Task A_reading_stored_while_redis_was_down_reaches_the_other_node_once_redis_is_back()
    {
        var port = LoopbackServices.FreePort();
        var (redis, configuration) = await LoopbackServices.StartRedisServerAsync(port);
        var database = await LoopbackServices.CreateDatabaseAsync();
        var common = new Dictionary<string, string>
        {
            ["Store__Provider"] = "PostgreSql",
            ["ConnectionStrings__Dashboard"] = database,
            ["Redis__Configuration"] = configuration + ",connectTimeout=2000",
        };
        using var a = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "a" });
        using var b = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "b", ["Node__Role"] = "Web" });
        try
        {
            await a.StartAsync();
            await b.StartAsync();
            using var source = new HttpClient { BaseAddress = a.Address };
            source.DefaultRequestHeaders.Add("X-Api-Key", await CreateKeyAsync(database));
            using var reader = await b.SignedInClientAsync();
            async Task<decimal?> OnBAsync() =>
                (await reader.GetFromJsonAsync<SnapshotResponse>("/api/v1/snapshot?unit=que-minh"))!.Kpi("sipas").Value;
            async Task PostAsync(decimal value) => (await source.PostAsJsonAsync("/api/v1/readings",
                new { unit = "que-minh", kpi = "sipas", period = "2026", value, source = "khao-sat" })).EnsureSuccessStatusCode();

            await PostAsync(80);
            await Wait.UntilAsync(async () => await OnBAsync() == 80m, "node B saw 80 through Redis", TimeSpan.FromSeconds(60));

            redis.Kill();
            await redis.WaitForExitAsync();
            // Node A keeps taking readings while Redis is down; B cannot hear of them yet.
            await PostAsync(85);
            Assert.Equal(80m, await OnBAsync());
            // Down for longer than node A's Redis client keeps an unsent message (its 5-s async timeout): the news of 85
            // is lost, not merely late, and only a catch-up from the database brings it to B.
            await Task.Delay(TimeSpan.FromSeconds(12));

            (redis, _) = await LoopbackServices.StartRedisServerAsync(port);
            // B reconnects by itself and reloads from the database what it missed.
            await Wait.UntilAsync(async () => await OnBAsync() == 85m, "node B caught up after Redis came back", TimeSpan.FromSeconds(120));
            Assert.True(b.IsRunning, b.Output);
        }
        finally
        {
            redis.Kill();
            a.Dispose();
            b.Dispose();
            LoopbackServices.DropDatabase(database);
        }
    }

    /// <summary>An ingest key for every feed and unit, stored as the app stores one (the admin page would do the same).</summary>
    private static async Task<string> CreateKeyAsync(string database)
    {
        var secret = Secrets.New("dbk_");
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO api_keys ("Name", "Prefix", "Hash", "Feeds", "Units", "CreatedAt", "CreatedBy")
            VALUES ('tests', @prefix, @hash, '*', 'que-minh', now(), 'tests')
            """, db);
        cmd.Parameters.AddWithValue("prefix", secret[..Secrets.PrefixLength]);
        cmd.Parameters.AddWithValue("hash", Secrets.Hash(secret));
        await cmd.ExecuteNonQueryAsync();
        return secret;
    }
}
