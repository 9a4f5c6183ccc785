using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Dashboard.Bench;

public interface IScenario
{
    string Name { get; }
    Task<IReadOnlyList<Result>> RunAsync(string webDll);

    /// <summary>Whether the scenario starts the published dashboard (the runner publishes it only if one does).</summary>
    bool NeedsServer => true;

    /// <summary>A section of its own in the report (markdown, with its heading), after the results table; set by the run.</summary>
    string? Details => null;
}

/// <summary>The figures every scenario writes: a KPI that takes readings, for the home commune.</summary>
public static class Readings
{
    public const string Kpi = "sipas";
    public static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly string Period = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A different value for each update, so each one is a change the pages must show.</summary>
    public static decimal Value(int i) => 10m + (i % 800) * 0.1m;

    public static string Shown(decimal value) => value.ToString("#,##0.##", Vi) + "%";

    public static async Task PostAsync(HttpClient http, decimal value, string kpi = Kpi)
    {
        var response = await http.PostAsJsonAsync("api/v1/readings",
            new { unit = "que-minh", kpi, period = Period, value, source = "bench" });
        response.EnsureSuccessStatusCode();
    }
}

public sealed class IngestScenario(bool smoke) : IScenario
{
    public string Name => "ingest";

    /// <summary>Two senders, as two feeds would: parsing and validation overlap while one batch is written.</summary>
    private const int Clients = 2;

    private static readonly string[] Units = ["que-minh", "que-an", "que-long", "que-phong", "que-chau", "que-thuan"];
    private static readonly string[] Kpis =
    [
        "tin-bai-cong-ttdt", "ra-soat-vbqppl", "theo-doi-thi-hanh-phap-luat", "bao-cao-tu-phap-dung-han", "bien-che",
        "can-bo-dat-chuan", "vi-pham-ky-luat", "sai-pham-ngan-sach", "kien-nghi-thanh-tra", "thanh-toan-khong-tien-mat", "sipas",
    ];

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        using var http = server.Client(TimeSpan.FromMinutes(5));
        const int batchSize = 1000;
        var total = smoke ? 5_000 : 200_000;
        // Distinct keys: one day per (unit × KPI) block, so every reading is an insert.
        var all = Enumerable.Range(0, total).Select(i =>
        {
            var day = new DateOnly(2026, 1, 1).AddDays(i / (Units.Length * Kpis.Length));
            var rest = i % (Units.Length * Kpis.Length);
            return new
            {
                unit = Units[rest / Kpis.Length], kpi = Kpis[rest % Kpis.Length],
                period = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value = i % 3, source = "bench",
            };
        }).Chunk(batchSize).ToList();

        // The bodies are written before the clock starts: a source system serializes on its own machine, and here its
        // JSON would take the server's cores. The first batches warm the server up (JIT, tiered compilation, the
        // connection pool), as any server is after its first minutes; they are stored too, but not timed.
        var bodies = all.Select(batch => JsonSerializer.SerializeToUtf8Bytes(batch)).ToList();
        var warmUp = smoke ? 1 : 5;
        foreach (var body in bodies.Take(warmUp)) (await PostAsync(body, CancellationToken.None)).EnsureSuccessStatusCode();
        var timed = total - warmUp * batchSize;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies.Skip(warmUp), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (body, ct) =>
            (await PostAsync(body, ct)).EnsureSuccessStatusCode());
        var rate = timed / sw.Elapsed.TotalSeconds;
        return
        [
            new Result($"Ingestion through the API into SQLite (batches of 1,000, {Clients} concurrent clients)",
                $"{rate:#,##0} readings/s ({timed:#,##0} readings in {sw.Elapsed.TotalSeconds:0.0} s)",
                "≥ 50,000 readings/s", smoke ? null : rate >= 50_000,
                $"every reading a new row; the bodies serialized and {warmUp:#,##0} batch(es) sent before the clock starts"),
        ];

        Task<HttpResponseMessage> PostAsync(byte[] body, CancellationToken ct)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return http.PostAsync("api/v1/readings", content, ct);
        }
    }
}

public sealed class HubFanOutScenario(bool smoke) : IScenario
{
    public string Name => "hub fan-out";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var subscribers = smoke ? 50 : 1000;
        var updates = smoke ? 20 : 200;
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        using var http = server.Client();
        var clock = Stopwatch.StartNew();
        var received = new ConcurrentDictionary<(int Client, decimal Value), double>();
        var connections = new List<HubConnection>();
        for (var c = 0; c < subscribers; c++)
        {
            var client = c;
            var connection = new HubConnectionBuilder().WithUrl(new Uri(server.Address, "hubs/kpi"), o => o.Headers["X-Api-Key"] = server.ApiKey).Build();
            connection.On<List<Change>>("kpiChanged", batch =>
            {
                var now = clock.Elapsed.TotalMilliseconds;
                foreach (var change in batch.Where(b => b.Kpi == Readings.Kpi && b.Value is not null))
                    received.TryAdd((client, change.Value!.Value), now);
            });
            connections.Add(connection);
        }
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (c, ct) => new ValueTask(c.StartAsync(ct)));

        var latencies = new List<double>();
        var lost = 0;
        for (var i = 0; i < updates; i++)
        {
            var value = Readings.Value(i);
            await Readings.PostAsync(http, value);
            var posted = clock.Elapsed.TotalMilliseconds;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Enumerable.Range(0, subscribers).Any(c => !received.ContainsKey((c, value))) && DateTime.UtcNow < deadline)
                await Task.Delay(2);
            for (var c = 0; c < subscribers; c++)
            {
                if (received.TryGetValue((c, value), out var at)) latencies.Add(Math.Max(0, at - posted));
                else lost++;
            }
            await Task.Delay(20);
        }
        foreach (var c in connections) await c.DisposeAsync();
        var p = Percentiles.Of(latencies);
        return
        [
            new Result($"Hub fan-out: POST returned → change received, {subscribers:#,##0} SignalR subscribers, {updates} updates",
                p.ToString(), "p95 ≤ 250 ms (1,000 subscribers)", smoke ? null : p.P95 <= 250 && lost == 0,
                lost > 0 ? $"{lost} deliveries missing after 10 s" : ""),
        ];
    }

    private sealed record Change(string Kpi, decimal? Value);
}

/// <summary>From the moment POST /api/v1/readings returns to the moment the new value is in the DOM of every open page.</summary>
public sealed class BrowserPushScenario(bool smoke, int pages) : IScenario
{
    public string Name => $"push latency, {pages} Chromium page(s)";

    private const string Watch = """
        () => {
          window.__seen = {};
          // The tile's figure is the value's first text node (a trend arrow may follow it in a span of its own).
          const read = () => document.querySelector("[data-kpi='sipas'] [data-role='value']")?.childNodes[0]?.textContent.trim();
          new MutationObserver(() => { const t = read(); if (t && !(t in window.__seen)) window.__seen[t] = Date.now(); })
            .observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        // Smoke checks the harness, not the figure: ten updates are enough, and each costs CI 150 ms or more.
        var updates = smoke ? 10 : 500;
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        using var http = server.Client();
        await Readings.PostAsync(http, 1m);

        await using var browser = await Chromium.LaunchAsync();
        var open = new List<IPage>();
        for (var n = 0; n < pages; n++)
        {
            var page = await browser.NewPageAsync(server);
            await page.GotoAsync("/");
            await page.Locator("[data-kpi='sipas'] path.apexcharts-radialbar-slice-0").WaitForAsync(new() { Timeout = 60_000 });
            await page.EvaluateAsync(Watch);
            open.Add(page);
        }

        var latencies = new List<double>();
        var roundTrips = new List<double>();
        var lost = 0;
        for (var i = 0; i < updates; i++)
        {
            var value = Readings.Value(i + 1);
            var shown = Readings.Shown(value);
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await Readings.PostAsync(http, value);
            var posted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var page in open)
            {
                try
                {
                    var seen = await page.WaitForFunctionAsync($"() => window.__seen[{System.Text.Json.JsonSerializer.Serialize(shown)}]",
                        null, new() { Timeout = 10_000, PollingInterval = 5 });
                    var at = await seen.JsonValueAsync<double>();
                    // The page often has the value before the HTTP client has read the response: clamp at 0.
                    latencies.Add(Math.Max(0, at - posted));
                    roundTrips.Add(at - sent);
                }
                catch (TimeoutException)
                {
                    lost++;
                }
            }
            await Task.Delay(150);
        }
        // A watcher that no longer finds the figure (the tile's markup changed) sees nothing at all: a broken harness, not a figure.
        if (latencies.Count == 0)
            throw new InvalidOperationException($"No update reached the page's [data-kpi='sipas'] [data-role='value'] within 10 s ({lost} lost).");
        var p = Percentiles.Of(latencies);
        var median20 = Percentiles.Of(latencies.Take(20 * pages)).P50;
        return
        [
            new Result($"Push latency: POST returned → value in the DOM, {pages} live Chromium page(s), {updates} updates",
                p.ToString(), "within 1 s (foundation); p95 ≤ 250 ms at 200 dashboards", smoke ? null : p.P99 <= 1000 && lost == 0,
                (lost > 0 ? $"{lost} updates not shown within 10 s; " : "") +
                $"median of the first 20: {median20:0} ms; from POST sent (ingest + store + push): {Percentiles.Of(roundTrips)}"),
        ];
    }
}

public sealed class FirstLoadScenario : IScenario
{
    public string Name => "first load";

    public const int WallBudgetKb = 400;

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        await using var browser = await Chromium.LaunchAsync();
        var (pageBytes, pageRequests, pageGauge) = await MeasureAsync(await browser.NewPageAsync(server), "/");
        var wall = await browser.NewPageAsync(server, await server.PairWallAsync(("dossiers", 60)), 1920, 1080);
        var (wallBytes, wallRequests, wallGauge) = await MeasureAsync(wall, "/wall");
        const string how = "cold cache, compression and caching of static assets on (published build)";
        return
        [
            new Result("First load of / (cold cache): bytes transferred, requests, time to the first gauge drawn",
                $"{pageBytes / 1024.0:#,##0} KB · {pageRequests} requests · first gauge at {pageGauge:0} ms", "—", null, how),
            new Result("First load of /wall as a paired screen at 1920×1080: bytes transferred, requests, time to the first gauge drawn",
                $"{wallBytes / 1024.0:#,##0} KB · {wallRequests} requests · first gauge at {wallGauge:0} ms", $"≤ {WallBudgetKb} KB compressed",
                wallBytes <= WallBudgetKb * 1024, how + "; the wall loads without MudBlazor's stylesheet and script"),
        ];
    }

    private static async Task<(long Bytes, int Requests, double FirstGauge)> MeasureAsync(IPage page, string route)
    {
        var responses = new ConcurrentBag<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.GotoAsync(route);
        await page.Locator(".apexcharts-canvas").First.WaitForAsync(new() { Timeout = 60_000 });
        var firstGauge = await page.EvaluateAsync<double>("performance.now()");
        await page.WaitForTimeoutAsync(1000);
        long bytes = 0;
        foreach (var r in responses)
        {
            var sizes = await r.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }
        return (bytes, responses.Count, firstGauge);
    }
}

public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Set by the runner for --smoke: the browser scenarios share one Chromium (each page has its own context).</summary>
    public static bool Share { get; set; }

    private static Task<Chromium>? _shared;
    private bool _isShared;

    public static Task<Chromium> LaunchAsync() => Share ? _shared ??= LaunchSharedAsync() : LaunchNewAsync();

    private static async Task<Chromium> LaunchSharedAsync()
    {
        var chromium = await LaunchNewAsync();
        chromium._isShared = true;
        return chromium;
    }

    /// <summary>Closes the shared browser, if one was launched (the runner calls it at the end).</summary>
    public static async Task StopSharedAsync()
    {
        if (_shared is null) return;
        var chromium = await _shared;
        chromium._isShared = false;
        await chromium.DisposeAsync();
    }

    private static async Task<Chromium> LaunchNewAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-extensions", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A page signed in as the bench's administrator, or holding other cookies (a paired wall screen's).</summary>
    public Task<IPage> NewPageAsync(ServerProcess server, System.Net.CookieCollection? cookies = null, int width = 1440, int height = 900) =>
        NewPageAsync(server.Address, cookies ?? server.Cookies.GetCookies(server.Address), width, height);

    /// <summary>A page on any app (the baselines hold no sign-in).</summary>
    public async Task<IPage> NewPageAsync(Uri address, System.Net.CookieCollection cookies, int width = 1440, int height = 900)
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = width, Height = height } });
        if (cookies.Count > 0)
            await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = address.Host, Path = "/" }));
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_isShared) return;
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
