using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.Bench;

/// <summary>
/// The wall screen left running: one Chromium page paired as a screen, rotating through every view every 10 s, with a
/// KPI on one of them changing every second. It passes when, each after a forced full collection, the page's JS heap is
/// within 10% and the server's managed heap has grown by at most 3% at the end from what they were at the first
/// checkpoint (10 and 60 minutes in the full run; a few seconds in --smoke, which only checks the harness).
/// </summary>
public sealed class WallSoakScenario(bool smoke) : IScenario
{
    public string Name => "wall soak";

    private const string Kpi = "kien-nghi-thanh-tra";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var first = smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(10);
        var end = smoke ? TimeSpan.FromSeconds(6) : TimeSpan.FromMinutes(60);
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>(), shareable: false);
        using var http = server.Client();
        await Readings.PostAsync(http, 1m, Kpi);
        // Smoke only checks the harness: two views, so the last value comes round quickly.
        var views = smoke ? ["finance", "scores"] : new[] { "overview", "dossiers", "digital", "finance", "overdue", "scores" };
        var seconds = smoke ? 5 : 10;
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(server, await server.PairWallAsync(views.Select(v => (v, seconds)).ToArray()), 1920, 1080);
        await page.GotoAsync("/wall");
        await page.Locator(".wall[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("HeapProfiler.enable");

        var clock = Stopwatch.StartNew();
        var checkpoints = new List<Checkpoint>();
        var updates = 0;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await tick.WaitForNextTickAsync())
        {
            await Readings.PostAsync(http, Readings.Value(++updates), Kpi);
            if (checkpoints.Count == 0 && clock.Elapsed >= first || clock.Elapsed >= end)
            {
                checkpoints.Add(await MeasureAsync(page, cdp, server, views[0], clock.Elapsed));
                Console.WriteLine($"bench: wall soak at {clock.Elapsed.TotalMinutes:0.0} min: {checkpoints[^1]}");
                if (clock.Elapsed >= end) break;
            }
        }

        // Still live at the end: a last value reaches the screen when the rotation comes round to it.
        var last = 99.9m;
        await Readings.PostAsync(http, last, Kpi);
        var live = true;
        try
        {
            await page.Locator($"[data-kpi='{Kpi}'] [data-role=value]:has-text('{Readings.Shown(last)}')")
                .WaitForAsync(new() { Timeout = 90_000 });
        }
        catch (TimeoutException)
        {
            live = false;
        }
        var walls = await server.OpenWallsAsync();
        var (a, b) = (checkpoints[0], checkpoints[^1]);
        var title = $"Wall soak: Chromium at 1920×1080 rotating {views.Length} views every {seconds} s, a KPI changing every second for {end.TotalMinutes:0.#} min ({updates:#,##0} updates)";
        return
        [
            new Result(title + ": JS heap after a forced GC",
                $"{MiB(a.JsHeap)} at {a.At.TotalMinutes:0.#} min → {MiB(b.JsHeap)} at {b.At.TotalMinutes:0.#} min ({Change(a.JsHeap, b.JsHeap)})",
                "within 10%", smoke ? null : Within(a.JsHeap, b.JsHeap),
                $"DOM nodes {a.Nodes:#,##0} → {b.Nodes:#,##0}; charts on screen / gauges on screen: {a.Charts}/{a.Gauges} → {b.Charts}/{b.Gauges}"),
            new Result(title + ": server managed heap after a full collection",
                $"{MiB(a.ServerHeap)} → {MiB(b.ServerHeap)} ({Change(a.ServerHeap, b.ServerHeap)})", "grows ≤ 3%", smoke ? null : b.ServerHeap <= a.ServerHeap * 1.03,
                $"server working set {MiB(a.WorkingSet)} → {MiB(b.WorkingSet)}"),
            new Result(title + ": walls the server holds at the end",
                walls.ToString(CultureInfo.InvariantCulture), "1", walls == 1 && live, live ? "the last value reached the screen" : "the last value did not reach the screen within 90 s"),
        ];
    }

    private sealed record Checkpoint(TimeSpan At, long JsHeap, long ServerHeap, long WorkingSet, int Nodes, int Charts, int Gauges)
    {
        public override string ToString() =>
            $"JS heap {MiB(JsHeap)}, server heap {MiB(ServerHeap)}, nodes {Nodes}, charts {Charts}/{Gauges}";
    }

    /// <summary>
    /// Each checkpoint is taken on the same view of the rotation: the views hold different components (a view of 11 tiles
    /// against one of 3 score cards), so two checkpoints on different views differ by what is on screen, not by growth.
    /// </summary>
    private static async Task<Checkpoint> MeasureAsync(IPage page, ICDPSession cdp, ServerProcess server, string view, TimeSpan at)
    {
        await page.Locator($".wall[data-view='{view}']").WaitForAsync(new() { Timeout = 180_000 });
        await page.WaitForTimeoutAsync(2000); // its gauges drawn and the previous view's components disposed
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var usage = await cdp.SendAsync("Runtime.getHeapUsage");
        var jsHeap = usage!.Value.GetProperty("usedSize").GetInt64();
        var counts = await page.EvaluateAsync<JsonElement>(
            "() => ({ nodes: document.getElementsByTagName('*').length, charts: document.querySelectorAll('.apexcharts-canvas').length, gauges: document.querySelectorAll('.radial-gauge').length })");
        var serverHeap = await ManagedHeap.AfterFullCollectionAsync(server.Pid);
        return new Checkpoint(at, jsHeap, serverHeap, server.WorkingSetBytes(), counts.GetProperty("nodes").GetInt32(),
            counts.GetProperty("charts").GetInt32(), counts.GetProperty("gauges").GetInt32());
    }

    private static bool Within(long before, long after) => Math.Abs(after - before) <= 0.10 * before;

    private static string Change(long before, long after) =>
        string.Create(CultureInfo.InvariantCulture, $"{(after - before) * 100.0 / before:+0.0;-0.0}%");

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
