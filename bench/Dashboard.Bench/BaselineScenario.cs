using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace Dashboard.Bench;

/// <summary>
/// The yardstick, in the same run: a stock Blazor Server page showing one value pushed the ordinary way (a component
/// subscribed to a singleton), the same page built with MudBlazor (bench/Baseline.Web), and the dashboard's overview,
/// each on its own fresh server, measured alike: push latency with N live circuits, managed memory per circuit and the
/// first load in Chromium. The figures are read as ratios to the baselines.
/// </summary>
public sealed class BaselineScenario(bool smoke) : IScenario
{
    public string Name => "baseline";

    private readonly StringBuilder _details = new();

    public string? Details => _details.Length > 0 ? _details.ToString() : null;

    private sealed record Measured(string App, PushFigures Push, string PushHealth, double HeapPerCircuit, double SetPerCircuit,
        long Bytes, int Requests, double Interactive);

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var (circuits, updates, memoryCircuits) = smoke ? (5, 5, 5) : (200, 500, 100);
        var baselineDll = await Repo.PublishAsync(Repo.Root(), "bench/Baseline.Web");
        var measured = new List<Measured>();
        await using var browser = await Chromium.LaunchAsync();

        await using (var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>(), shareable: smoke))
        {
            using var http = server.Client();
            await Readings.PostAsync(http, 1m);
            measured.Add(await MeasureAsync("dashboard (/)", server.Address, server.Cookies, "", server.Pid,
                v => Readings.PostAsync(http, v), browser, circuits, updates, memoryCircuits));
        }
        foreach (var (app, path) in new[] { ("stock Blazor (/)", ""), ("MudBlazor (/mud)", "mud") })
        {
            await using var baseline = await BaselineProcess.StartAsync(baselineDll);
            using var http = new HttpClient { BaseAddress = baseline.Address };
            async Task Post(decimal v) => (await http.PostAsJsonAsync("value", new { value = v })).EnsureSuccessStatusCode();
            await Post(1m);
            measured.Add(await MeasureAsync(app, baseline.Address, new CookieContainer(), path, baseline.Pid, Post, browser,
                circuits, updates, memoryCircuits));
        }

        var (dash, stock, mud) = (measured[0], measured[1], measured[2]);
        WriteDetails(measured, circuits, updates, memoryCircuits);
        string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "—";
        string Ratios(Func<Measured, double> f) => $"{Ratio(f(dash), f(stock))} stock Blazor · {Ratio(f(dash), f(mud))} MudBlazor";
        return
        [
            new Result($"Baseline, same run: push latency p95 at {circuits:#,##0} live circuits, dashboard ÷ baseline",
                Ratios(m => m.Push.Latency.P95), "recorded (ratio)", null,
                string.Create(CultureInfo.InvariantCulture,
                    $"p95 {dash.Push.Latency.P95:0.#} / {stock.Push.Latency.P95:0.#} / {mud.Push.Latency.P95:0.#} ms (dashboard / stock / MudBlazor); table below")),
            new Result($"Baseline, same run: managed memory per live circuit ({memoryCircuits:#,##0} circuits), dashboard ÷ baseline",
                Ratios(m => m.HeapPerCircuit), "recorded (ratio)", null,
                $"{Circuits.KiB(dash.HeapPerCircuit)} / {Circuits.KiB(stock.HeapPerCircuit)} / {Circuits.KiB(mud.HeapPerCircuit)} (dashboard / stock / MudBlazor)"),
            new Result("Baseline, same run: first load (cold cache) to a live page, dashboard ÷ baseline",
                Ratios(m => m.Interactive) + " (time); " + Ratios(m => m.Bytes) + " (bytes)", "recorded (ratio)", null,
                string.Create(CultureInfo.InvariantCulture,
                    $"{dash.Interactive:0} / {stock.Interactive:0} / {mud.Interactive:0} ms, {dash.Bytes / 1024.0:#,##0} / {stock.Bytes / 1024.0:#,##0} / {mud.Bytes / 1024.0:#,##0} KB")),
        ];
    }

    private static async Task<Measured> MeasureAsync(string app, Uri address, CookieContainer cookies, string path, int pid,
        Func<decimal, Task> post, Chromium browser, int circuits, int updates, int memoryCircuits)
    {
        Console.WriteLine($"bench: baseline: {app}");
        using var warm = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address };
        for (var i = 0; i < 3; i++) await warm.GetStringAsync(path); // JIT and caches, as before the dashboard's own memory figure
        await Task.Delay(1000);
        var idleHeap = await CircuitMemoryScenario.HeapAsync(pid);
        var idleSet = WorkingSet(pid);

        // Memory first, on a server that has only ever served these circuits; then the push with more of them.
        var open = new List<CircuitClient>();
        double heapPer = double.NaN, setPer = double.NaN;
        try
        {
            await Circuits.OpenAsync(address, cookies, path, memoryCircuits, open);
            await Task.Delay(smokeSettle(memoryCircuits));
            if (await CircuitMemoryScenario.HeapAsync(pid) is { } heap && idleHeap is { } h0) heapPer = (double)(heap - h0) / memoryCircuits;
            setPer = (double)(WorkingSet(pid) - idleSet) / memoryCircuits;
            await Circuits.OpenAsync(address, cookies, path, Math.Max(0, circuits - open.Count), open);
            var push = await Circuits.PushAsync(open, post, updates);
            var health = Circuits.Health(open);

            // Twice, each in a new context (a cold cache), keeping the second: the first also pays for starting a renderer.
            (long Bytes, int Requests, double Interactive) load = default;
            for (var i = 0; i < 2; i++)
            {
                var page = await browser.NewPageAsync(address, cookies.GetCookies(address));
                load = await FirstLoadAsync(page, "/" + path);
                await page.Context.CloseAsync();
            }
            var (bytes, requests, interactive) = load;
            return new Measured(app, push, health, heapPer, setPer, bytes, requests, interactive);
        }
        finally
        {
            await Circuits.CloseAsync(open);
        }

        static TimeSpan smokeSettle(int n) => TimeSpan.FromMilliseconds(n >= 100 ? 3000 : 1000);
    }

    /// <summary>Cold cache: bytes and requests until the page is live, and the time its circuit marked it interactive.</summary>
    private static async Task<(long Bytes, int Requests, double Interactive)> FirstLoadAsync(IPage page, string route)
    {
        var responses = new ConcurrentBag<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.GotoAsync(route);
        await page.Locator("main[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        var interactive = await page.EvaluateAsync<double>("performance.now()");
        await page.WaitForTimeoutAsync(1000);
        long bytes = 0;
        foreach (var r in responses)
        {
            var sizes = await r.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }
        return (bytes, responses.Count, interactive);
    }

    private static long WorkingSet(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.WorkingSet64;
    }

    private void WriteDetails(IReadOnlyList<Measured> m, int circuits, int updates, int memoryCircuits)
    {
        var (dash, stock, mud) = (m[0], m[1], m[2]);
        string Row(string name, Func<Measured, string> show, Func<Measured, double> value) =>
            $"| {name} | {show(dash)} | {show(stock)} | {show(mud)} | {R(value(dash), value(stock))} | {R(value(dash), value(mud))} |";
        static string R(double a, double b) => b > 0 && !double.IsNaN(a) ? (a / b).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "—";
        static string Ms(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
        _details.AppendLine("## Baseline: the same measures on a stock Blazor Server page and on a MudBlazor one");
        _details.AppendLine();
        _details.AppendLine("`bench/Baseline.Web`: one value in a singleton, a component subscribed to its change event that re-renders through " +
            "`InvokeAsync(StateHasChanged)`, set by `POST /value`; `/` in plain Blazor markup (loads only `blazor.web.js`), `/mud` in " +
            "MudBlazor components (its stylesheet and script). The dashboard's overview shows every KPI of the plan (about 30 tiles " +
            "with gauges and sparklines) and takes the value through the readings API (validation, store, engine, bus). Each app on " +
            "its own fresh published server, one after the other, measured by the same code.");
        _details.AppendLine();
        _details.AppendLine("| measure | dashboard | stock Blazor | MudBlazor | dashboard ÷ stock | dashboard ÷ MudBlazor |");
        _details.AppendLine("|---|---|---|---|---|---|");
        _details.AppendLine(Row($"push p50, {circuits:#,##0} circuits, {updates} updates (POST returned → render batch)", x => Ms(x.Push.Latency.P50), x => x.Push.Latency.P50));
        _details.AppendLine(Row("push p95", x => Ms(x.Push.Latency.P95), x => x.Push.Latency.P95));
        _details.AppendLine(Row("push p99", x => Ms(x.Push.Latency.P99), x => x.Push.Latency.P99));
        _details.AppendLine(Row("push p95 from POST sent", x => Ms(x.Push.RoundTrip.P95), x => x.Push.RoundTrip.P95));
        _details.AppendLine(Row($"managed heap per circuit ({memoryCircuits:#,##0} circuits, after a full GC)", x => Circuits.KiB(x.HeapPerCircuit), x => x.HeapPerCircuit));
        _details.AppendLine(Row("working set per circuit", x => Circuits.KiB(x.SetPerCircuit), x => x.SetPerCircuit));
        _details.AppendLine(Row("first load: time to a live page", x => Ms(x.Interactive), x => x.Interactive));
        _details.AppendLine(Row("first load: bytes", x => (x.Bytes / 1024.0).ToString("#,##0", CultureInfo.InvariantCulture) + " KB", x => x.Bytes));
        _details.AppendLine(Row("first load: requests", x => x.Requests.ToString(CultureInfo.InvariantCulture), x => x.Requests));
        _details.AppendLine();
        foreach (var x in m.Where(x => x.Push.Lost > 0 || x.PushHealth.Contains("failed", StringComparison.Ordinal)))
            _details.AppendLine($"- {x.App}: {x.Push.Lost} deliveries missing after 10 s; {x.PushHealth}");
    }
}

/// <summary>The published baseline app in its own process on a loopback port (no store, no sign-in).</summary>
public sealed class BaselineProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BaselineProcess(Process process, Uri address) => (_process, Address) = (process, address);

    public Uri Address { get; }
    public int Pid => _process.Id;

    public static async Task<BaselineProcess> StartAsync(string publishedDll)
    {
        var port = ServerProcess.FreePort();
        var info = new ProcessStartInfo("dotnet", [publishedDll])
        {
            WorkingDirectory = Path.GetDirectoryName(publishedDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[baseline] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = address };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The baseline exited with code {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync("health", deadline.Token)).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200, deadline.Token);
        }
        return new BaselineProcess(process, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
