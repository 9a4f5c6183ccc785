using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.ScaleOut;

/// <summary>
/// A province's set-up on loopback: PostgreSQL, Redis, two web nodes and two jobs nodes (published output, own
/// processes) behind nginx with the configuration shipped in deploy/nginx, its ports chosen at run time. A source
/// system answers a feed scheduled every 5 seconds, and counts when it is called.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string FeedId = "nhip-5-giay";
    public const string FeedKpi = "kien-nghi-thanh-tra";

    private readonly List<PublishedServer> _nodes = [];
    private Process? _nginx;
    private string _prefix = "";

    public string Database { get; private set; } = "";
    public PublishedServer WebA { get; private set; } = default!;
    public PublishedServer WebB { get; private set; } = default!;
    public PublishedServer JobsA { get; private set; } = default!;
    public PublishedServer JobsB { get; private set; } = default!;
    public Uri Proxy { get; private set; } = default!;
    public FakeSource Source { get; private set; } = default!;
    public SmtpSink Smtp { get; private set; } = default!;

    /// <summary>
    /// When the source was called (UTC), one entry per call, whichever node called. The real clock on purpose: what is
    /// measured is Hangfire's schedule in the nodes' own processes, which fires on the real clock's 5-second marks.
    /// </summary>
    public ConcurrentQueue<DateTime> SourceCalls { get; } = new();

    /// <summary>The nodes' month by their own clock, asked of the first node: the source's figures are for it.</summary>
    public string Month { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Source = await FakeSource.StartAsync(app => app.MapGet("/tick", () =>
        {
            SourceCalls.Enqueue(DateTime.UtcNow);
            // A new figure on every call, so that every occurrence is a change pushed to the pages and the hub.
            var value = 10 + SourceCalls.Count % 80;
            return Results.Json(new[] { new { unit = "que-minh", kpi = FeedKpi, period = Month, value } });
        }));
        Smtp = await SmtpSink.StartAsync();
        Database = await LoopbackServices.CreateDatabaseAsync();
        var redis = await LoopbackServices.RedisAsync();
        var common = new Dictionary<string, string>
        {
            ["Store__Provider"] = "PostgreSql",
            ["ConnectionStrings__Dashboard"] = Database,
            ["Redis__Configuration"] = redis,
            ["DemoData__Enabled"] = "false",
            ["Jobs__PollInterval"] = "00:00:01",
            // Blazor's own loop gives up quickly: a page whose node died is reloaded onto another at once.
            ["Reconnect__MaxRetries"] = "2",
            ["Reconnect__RetryIntervalMs"] = "500",
            // And its readiness checks back off to 4 s, not 30 s, should the proxy have no live node for a moment.
            ["Reconnect__RetryCap"] = "00:00:04",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(),
            ["Smtp__Security"] = "None",
            ["Smtp__From"] = "UBND xã Quế Minh <bantin@que-minh.gov.vn>",
            [$"Feeds__{FeedId}__Kind"] = "http-json",
            [$"Feeds__{FeedId}__Cron"] = "*/5 * * * * *",
            [$"Feeds__{FeedId}__TimeoutSeconds"] = "10",
            [$"Feeds__{FeedId}__CadenceMinutes"] = "1",
            [$"Feeds__{FeedId}__Settings__Url"] = Source.Url("/tick"),
            [$"Feeds__{FeedId}__Settings__Fields__unit"] = "$.unit",
            [$"Feeds__{FeedId}__Settings__Fields__kpi"] = "$.kpi",
            [$"Feeds__{FeedId}__Settings__Fields__period"] = "$.period",
            [$"Feeds__{FeedId}__Settings__Fields__value"] = "$.value",
        };
        PublishedServer Node(string name, string role)
        {
            var node = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = name, ["Node__Role"] = role });
            _nodes.Add(node);
            return node;
        }
        // The first node creates the schema and the first administrator; the others find them.
        WebA = Node("web-a", "Web");
        await WebA.StartAsync();
        using (var admin = await WebA.SignedInClientAsync()) Month = (await SnapshotResponse.GetAsync(admin)).Month;
        await SubscribeEveryMinuteAsync();
        WebB = Node("web-b", "Web");
        JobsA = Node("jobs-a", "Jobs");
        JobsB = Node("jobs-b", "Jobs");
        await Task.WhenAll(WebB.StartAsync(), JobsA.StartAsync(), JobsB.StartAsync());
        await StartNginxAsync();
    }

    /// <summary>
    /// A digest every minute, stored before the job nodes start (each registers its recurring job at start-up, as after
    /// an upgrade): both nodes could send it, and each minute's digest must go out once.
    /// </summary>
    private async Task SubscribeEveryMinuteAsync()
    {
        await using var db = new Npgsql.NpgsqlConnection(Database);
        await db.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            INSERT INTO digest_subscriptions ("Owner", "Name", "Recipients", "Language", "UnitCode", "Preset", "Cron", "WorkingDaysOnly",
                "Content", "Areas", "Enabled", "CreatedAt", "UpdatedAt")
            VALUES ('quan-tri', 'Mỗi phút', 'chu-tich@que-minh.gov.vn', 'vi', 'que-minh', 'custom', '* * * * *', false, 'all', '', true, now(), now())
            """, db);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The shipped configuration, with this run's ports in place of the example ones.</summary>
    private async Task StartNginxAsync()
    {
        var shipped = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "deploy", "nginx", "dashboard.conf"));
        var port = LoopbackServices.FreePort();
        var site = shipped
            .Replace("server 127.0.0.1:5001 ", $"server {WebA.Address.Authority} ")
            .Replace("server 127.0.0.1:5002 ", $"server {WebB.Address.Authority} ")
            .Replace("listen 127.0.0.1:8080;", $"listen 127.0.0.1:{port};");
        Assert.NotEqual(shipped, site);
        _prefix = Path.Combine(Path.GetTempPath(), "dashboard-tests", "nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_prefix, "logs"));
        await File.WriteAllTextAsync(Path.Combine(_prefix, "dashboard.conf"), site);
        // The main file is the test's own (pid, logs and temp folders in the prefix); the site is the shipped one.
        await File.WriteAllTextAsync(Path.Combine(_prefix, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{_prefix}}/nginx.pid;
            error_log {{_prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{_prefix}}/logs/access.log;
                client_body_temp_path {{_prefix}}/body;
                proxy_temp_path {{_prefix}}/proxy;
                fastcgi_temp_path {{_prefix}}/fastcgi;
                uwsgi_temp_path {{_prefix}}/uwsgi;
                scgi_temp_path {{_prefix}}/scgi;
                include {{_prefix}}/dashboard.conf;
            }
            """);
        _nginx = LoopbackServices.Start("/usr/sbin/nginx", ["-p", _prefix, "-c", Path.Combine(_prefix, "nginx.conf")]);
        Proxy = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = Proxy, Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(async () =>
        {
            if (_nginx.HasExited) throw new InvalidOperationException($"nginx exited ({_nginx.ExitCode}): {ErrorLog()}");
            try { return (await http.GetAsync("health/live")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, "nginx answers");
    }

    public string ErrorLog() =>
        File.Exists(Path.Combine(_prefix, "logs", "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "logs", "error.log")) : "";

    /// <summary>An affinity cookie value that nginx maps to the given node (found by asking, as the hash is nginx's own).</summary>
    public async Task<string> AffinityForAsync(string nodeName)
    {
        using var http = new HttpClient { BaseAddress = Proxy };
        for (var i = 0; i < 500; i++)
        {
            var value = $"probe-{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, "health/live");
            request.Headers.Add("Cookie", $"dashboard_node={value}");
            using var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("X-Dashboard-Node", out var names) && names.First() == nodeName) return value;
        }
        throw new InvalidOperationException($"No affinity value reaches {nodeName} through nginx.");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false }) _nginx.Kill(entireProcessTree: true);
        foreach (var node in _nodes) node.Dispose();
        await Source.DisposeAsync();
        await Smtp.DisposeAsync();
        if (Database.Length > 0) LoopbackServices.DropDatabase(Database);
    }
}
