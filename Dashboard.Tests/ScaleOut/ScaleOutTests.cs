using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using System.Collections.Concurrent;
using Dashboard.Shared.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.ScaleOut;

/// <summary>Several nodes on one PostgreSQL and one Redis, behind nginx (see <see cref="Cluster"/>).</summary>
[Collection(HostCollection.Name)]
public sealed class ScaleOutTests(Cluster cluster) : IClassFixture<Cluster>
{
    [Fact]
    public async Task A_reading_posted_to_node_A_reaches_a_page_on_node_B_which_moves_to_node_A_when_B_dies()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        var page = await browser.NewPageAsync(cluster.Proxy, 1440, 900);
        // This browser's affinity cookie is one nginx sends to node B.
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = "dashboard_node", Value = await cluster.AffinityForAsync("web-b"), Domain = "127.0.0.1", Path = "/",
        }]);
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name='Input.UserName']", PublishedServer.AdminName);
        await page.FillAsync("input[name='Input.Password']", PublishedServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync();
        Assert.False(page.Url.Contains("/account/login"), $"signed in through nginx: {await page.InnerTextAsync("body")}");
        Assert.Equal("web-b", await NodeOfAsync(page));

        // The source system's key, made on the page (on node B); it is used on node A: keys live in the shared database.
        await page.GotoAsync("/admin/api-keys");
        await page.FillAsync("[data-role=key-form] input[name='Input.Name']", "Hệ thống báo cáo");
        await page.SelectOptionAsync("[data-role=key-form] select[name='Input.Feeds']", "*");
        await page.SelectOptionAsync("[data-role=key-form] select[name='Input.Units']", "que-minh");
        await page.ClickAsync("[data-role=key-form] button[type=submit]");
        var key = (await page.Locator("[data-role=secret]").TextContentAsync())!.Trim();
        using var nodeA = new HttpClient { BaseAddress = cluster.WebA.Address };
        nodeA.DefaultRequestHeaders.Add("X-Api-Key", key);
        var month = (await SnapshotResponse.GetAsync(nodeA)).Month;
        async Task PostToAAsync(decimal value) => (await nodeA.PostAsJsonAsync("/api/v1/readings",
            new { unit = "que-minh", kpi = "sipas", value, source = "khao-sat-sipas", period = month })).EnsureSuccessStatusCode();

        await page.GotoAsync("/");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var value = page.Locator("[data-kpi='sipas'] [data-role='value']");
        await PostToAAsync(91);
        await Expect(value).ToContainTextAsync("91%");
        await page.EvaluateAsync("window.__sameDocument = true");
        await PostToAAsync(92.5m);
        await Expect(value).ToContainTextAsync("92,5%");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the value arrived live, without a reload");

        // Node B dies. nginx sends the page's reconnection to node A, which does not know its circuit: the page reloads
        // there by itself (signed in still: the data-protection keys are in the shared database) and is live again.
        cluster.WebB.Kill();
        await Wait.UntilAsync(() => SafeAsync(page, "window.__sameDocument !== true"), "the page reloaded onto node A", TimeSpan.FromSeconds(120));
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal("web-a", await NodeOfAsync(page));
        await Expect(value).ToContainTextAsync("92,5%");
        await PostToAAsync(93);
        await Expect(value).ToContainTextAsync("93%", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("scale-out-after-failover.png") });
    }

    [Fact]
    public async Task A_recurring_feed_runs_once_per_occurrence_across_two_job_nodes_and_its_figure_reaches_the_web_nodes()
    {
        // Both job nodes are up and polling the same storage.
        await using (var db = new NpgsqlConnection(cluster.Database))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM hangfire.server", db);
            Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);
        }
        // A hub subscriber on a web node gets the job nodes' figures through the backplane, each change once.
        var cookies = new System.Net.CookieContainer();
        var admin = await cluster.WebA.SignedInClientAsync(cookies);
        var received = new ConcurrentQueue<decimal>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.WebA.Address, "/hubs/kpi"), o => o.Cookies = cookies)
            .Build();
        hub.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch.Where(s => s.Kpi == Cluster.FeedKpi && s.Value is not null)) received.Enqueue(s.Value!.Value);
        });
        await hub.StartAsync();

        // Hangfire's real clock in the nodes' processes is what is measured here (see Cluster.SourceCalls).
        var start = DateTime.UtcNow;
        await Wait.UntilAsync(() => Task.FromResult(cluster.SourceCalls.Count(t => t > start) >= 6),
            "six occurrences of the 5-second feed", TimeSpan.FromSeconds(120));
        var calls = cluster.SourceCalls.Where(t => t > start).ToList();
        // Every occurrence (a 5-second slot) was run by exactly one node.
        var slots = calls.GroupBy(t => new DateTime(t.Ticks - t.Ticks % TimeSpan.FromSeconds(5).Ticks)).ToList();
        Assert.All(slots, s => Assert.True(s.Count() == 1,
            $"the occurrence at {s.Key:HH:mm:ss} ran {s.Count()} times: {string.Join(", ", s.Select(t => t.ToString("HH:mm:ss.fff")))}"));

        await Wait.UntilAsync(() => Task.FromResult(received.Count >= 3), "three figures on the hub", TimeSpan.FromSeconds(60));
        var values = received.ToList();
        Assert.True(values.Distinct().Count() == values.Count, $"each change reaches the hub once: {string.Join(", ", values)}");

        // What a job node stored is on every web node's snapshot (told over Redis, not read back from the database).
        foreach (var web in new[] { cluster.WebA }.Concat(cluster.WebB.IsRunning ? [cluster.WebB] : []))
        {
            var snapshot = await admin.GetStringAsync(new Uri(web.Address, "/api/v1/snapshot?unit=que-minh"));
            Assert.Contains(Cluster.FeedId, snapshot);
        }
    }

    [Fact]
    public async Task A_digest_due_every_minute_goes_out_once_a_minute_across_two_job_nodes()
    {
        await cluster.Smtp.WaitForAsync(2, TimeSpan.FromSeconds(180));
        // Let a third minute's run pass on both nodes before counting.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await using var db = new NpgsqlConnection(cluster.Database);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("""SELECT "PeriodKey", "State", "MessageId" FROM digest_deliveries""", db);
        var sent = new List<(string Period, string MessageId)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                // "late": a minute that passed between the subscription's insert and the nodes' start, sent by their catch-up.
                if (reader.GetString(1) is "sent" or "late") sent.Add((reader.GetString(0), reader.GetString(2)));
        var messages = cluster.Smtp.Messages.Select(m => m.Message.MessageId ?? "").ToList();
        // One message per minute, each the one its delivery row names: no minute was sent by both nodes.
        Assert.Equal(messages.Count, messages.Distinct().Count());
        Assert.True(sent.Count >= 2 && sent.Select(s => s.Period).Distinct().Count() == sent.Count, string.Join(", ", sent));
        Assert.Subset(sent.Select(s => s.MessageId).ToHashSet(), messages.ToHashSet());
        Assert.True(messages.Count <= sent.Count + 1, $"{messages.Count} messages for {sent.Count} sent minutes");
    }

    /// <summary>A check in the page that may be reloading: false until it can be asked.</summary>
    private static async Task<bool> SafeAsync(IPage page, string script)
    {
        try { return await page.EvaluateAsync<bool>(script); }
        catch (PlaywrightException) { return false; }
    }

    /// <summary>Which node answers this page's requests now (through nginx, with its cookies).</summary>
    private static async Task<string> NodeOfAsync(IPage page) =>
        await page.EvaluateAsync<string>("fetch('/health/live', { cache: 'no-store' }).then(r => r.headers.get('X-Dashboard-Node') ?? '')");
}
