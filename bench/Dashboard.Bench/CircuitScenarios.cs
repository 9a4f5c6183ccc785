using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Diagnostics.NETCore.Client;

namespace Dashboard.Bench;

/// <summary>Opening many live dashboards (headless circuits) against one server, and reading their updates.</summary>
public static class Circuits
{
    /// <summary>
    /// Opens <paramref name="count"/> more circuits on <c>/</c> into <paramref name="open"/>, a few at a time as
    /// arriving browsers would. Those that opened are in the list even if another failed, so the caller closes them.
    /// </summary>
    public static Task OpenAsync(ServerProcess server, int count, List<CircuitClient> open) =>
        OpenAsync(server.Address, server.Cookies, "", count, open);

    /// <summary>The same on any Blazor Server app (the baselines), on the page at <paramref name="path"/>.</summary>
    public static async Task OpenAsync(Uri address, CookieContainer cookies, string path, int count, List<CircuitClient> open)
    {
        var opened = new System.Collections.Concurrent.ConcurrentBag<CircuitClient>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (_, _) => opened.Add(await CircuitClient.OpenAsync(address, cookies, path)));
        }
        finally
        {
            open.AddRange(opened);
        }
    }

    /// <summary>
    /// Sends <paramref name="updates"/> values one at a time (the next once every circuit has the last, or after 10 s) and
    /// times each from the POST's return (and from its sending) to the render batch carrying the value on each circuit.
    /// </summary>
    public static async Task<PushFigures> PushAsync(IReadOnlyList<CircuitClient> open, Func<decimal, Task> post, int updates)
    {
        var latencies = new List<double>();
        var roundTrips = new List<double>();
        var lost = 0;
        for (var i = 0; i < updates; i++)
        {
            var shown = Readings.Shown(Readings.Value(i + 1));
            var watches = open.Select(c => c.WhenShown(shown)).ToArray();
            var sent = Stopwatch.GetTimestamp();
            await post(Readings.Value(i + 1));
            var posted = Stopwatch.GetTimestamp();
            try { await Task.WhenAll(watches).WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (TimeoutException) { }
            foreach (var w in watches)
            {
                if (!w.IsCompletedSuccessfully) { lost++; continue; }
                // The batch often leaves the server before the HTTP response is read: clamp at 0, as in Chromium.
                latencies.Add(Math.Max(0, Ms(posted, w.Result)));
                roundTrips.Add(Ms(sent, w.Result));
            }
            // The dashboard's change subscription is throttled (100 ms): a gap shorter than that measures the throttle.
            await Task.Delay(150);
        }
        return new PushFigures(Percentiles.Of(latencies), Percentiles.Of(roundTrips), lost);
    }

    public static Task CloseAsync(IEnumerable<CircuitClient> circuits) =>
        Task.WhenAll(circuits.Select(c => c.DisposeAsync().AsTask()));

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>Failed circuits, if any, and what each circuit received: evidence that the circuits were live.</summary>
    public static string Health(IReadOnlyCollection<CircuitClient> circuits) =>
        (circuits.Count(c => c.Error is not null) is var n and > 0
            ? $"**{n} circuit(s) failed** ({circuits.First(c => c.Error is not null).Error}); "
            : "") +
        string.Create(CultureInfo.InvariantCulture,
            $"per circuit: {circuits.Average(c => c.Batches):0.#} render batches acknowledged, {circuits.Average(c => c.JsCalls):0.#} JS calls answered");

    /// <summary>The machine is shared: the 1-minute load average says how busy it was at the end of a measure.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? $"load average (1 min) at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : "";

    public static string Notes(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));

    public static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("#,##0", CultureInfo.InvariantCulture) + " MiB";
    public static string KiB(double bytes) => (bytes / 1024).ToString("#,##0", CultureInfo.InvariantCulture) + " KiB";
}

/// <summary>Push latencies over circuits: from the POST's return, from its sending, and deliveries missing after 10 s.</summary>
public sealed record PushFigures(Percentiles Latency, Percentiles RoundTrip, int Lost);

/// <summary>
/// POST returned → the render batch carrying the new value reaches every live dashboard, one update at a time
/// (the next is sent once every dashboard has it, or after 10 s). Same measure as <see cref="BrowserPushScenario"/>,
/// without the browser.
/// </summary>
public sealed class CircuitPushScenario(bool smoke, int circuits, string target, Func<Percentiles, bool>? met = null) : IScenario
{
    public string Name => $"circuit push latency, {circuits} dashboard(s)";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var updates = smoke ? 20 : 500;
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        using var http = server.Client();
        await Readings.PostAsync(http, 1m);
        var open = new List<CircuitClient>();
        try
        {
            var ramp = Stopwatch.StartNew();
            await Circuits.OpenAsync(server, circuits, open);
            ramp.Stop();
            var push = await Circuits.PushAsync(open, v => Readings.PostAsync(http, v), updates);
            var (p, lost) = (push.Latency, push.Lost);
            return
            [
                new Result($"Push latency: POST returned → render batch with the value, {circuits:#,##0} live dashboard(s) (headless circuits), {updates} updates",
                    p.ToString(), target, smoke || met is null ? null : met(p) && lost == 0,
                    Circuits.Notes(Circuits.Health(open), lost > 0 ? $"{lost} deliveries missing after 10 s" : null,
                        $"from POST sent: {push.RoundTrip}",
                        $"{circuits:#,##0} circuits opened in {ramp.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", Circuits.Load())),
            ];
        }
        finally
        {
            await Circuits.CloseAsync(open);
        }
    }
}

/// <summary>
/// Many live dashboards, one KPI changing every second (on the clock, not waiting for the pages): the server's CPU
/// share, its working set and the push latency under that steady load.
/// </summary>
public sealed class CircuitSoakScenario(bool smoke) : IScenario
{
    public string Name => "circuit soak";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var circuits = smoke ? 20 : 1000;
        var duration = TimeSpan.FromSeconds(smoke ? 3 : 60);
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>());
        using var http = server.Client();
        await Readings.PostAsync(http, 1m);
        var open = new List<CircuitClient>();
        try
        {
            await Circuits.OpenAsync(server, circuits, open);
            // Let the opening settle: for some seconds after a ramp the server still compiles (tiered JIT) and collects.
            await Task.Delay(TimeSpan.FromSeconds(smoke ? 1 : 15));
            var idle = TimeSpan.FromSeconds(smoke ? 1 : 10);
            var idleCpu = server.CpuTime();
            await Task.Delay(idle);
            var idleShare = 100 * (server.CpuTime() - idleCpu).TotalSeconds / (idle.TotalSeconds * Environment.ProcessorCount);

            var sent = new List<(long Posted, Task<long>[] Watches)>();
            long peak = 0;
            using var me = Process.GetCurrentProcess();
            var (cpu0, myCpu0, wall) = (server.CpuTime(), me.TotalProcessorTime, Stopwatch.StartNew());
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (var i = 0; wall.Elapsed < duration && await tick.WaitForNextTickAsync(); i++)
            {
                var value = Readings.Value(i + 1);
                var watches = open.Select(c => c.WhenShown(Readings.Shown(value))).ToArray();
                await Readings.PostAsync(http, value);
                sent.Add((Stopwatch.GetTimestamp(), watches));
                peak = Math.Max(peak, server.WorkingSetBytes());
            }
            me.Refresh();
            var (cpu, myCpu, elapsed) = (server.CpuTime() - cpu0, me.TotalProcessorTime - myCpu0, wall.Elapsed);
            var share = 100 * cpu.TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
            var clientShare = 100 * myCpu.TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
            var workingSet = server.WorkingSetBytes();

            try { await Task.WhenAll(sent.SelectMany(s => s.Watches)).WaitAsync(TimeSpan.FromSeconds(10)); }
            catch (TimeoutException) { }
            var latencies = sent.SelectMany(s => s.Watches.Where(w => w.IsCompletedSuccessfully)
                .Select(w => Math.Max(0, Circuits.Ms(s.Posted, w.Result)))).ToList();
            var lost = sent.Sum(s => s.Watches.Count(w => !w.IsCompletedSuccessfully));
            var title = $"Soak: {circuits:#,##0} live dashboards, a KPI changing every second for {duration.TotalSeconds:0} s ({sent.Count} updates)";
            return
            [
                new Result(title + ": server CPU",
                    string.Create(CultureInfo.InvariantCulture, $"{share:0.#}% of {Environment.ProcessorCount} cores ({cpu.TotalSeconds:0.0} s CPU in {elapsed.TotalSeconds:0.0} s)"),
                    "CPU ≤ 70%", smoke ? null : share <= 70,
                    Circuits.Notes(string.Create(CultureInfo.InvariantCulture,
                        $"with the same circuits open and nothing changing: {idleShare:0.#}%; the benchmark client itself used {clientShare:0.#}% of the same cores"),
                        Circuits.Load())),
                new Result(title + ": server working set",
                    $"{Circuits.MiB(workingSet)} at the end, peak {Circuits.MiB(peak)}", "—", null),
                new Result(title + ": push latency (POST returned → render batch)",
                    Percentiles.Of(latencies).ToString(), "p95 ≤ 250 ms, p99 ≤ 1 s (set for 200 dashboards)", null,
                    Circuits.Notes(Circuits.Health(open), lost > 0 ? $"{lost} deliveries missing 10 s after the last update" : null)),
            ];
        }
        finally
        {
            await Circuits.CloseAsync(open);
        }
    }
}

/// <summary>
/// Server memory per live dashboard: working set with N circuits open, over N and above the idle server; and the
/// managed heap after a full collection, read through the diagnostics port (<see cref="ManagedHeap"/>).
/// </summary>
public sealed class CircuitMemoryScenario(bool smoke) : IScenario
{
    public string Name => "circuit memory";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        int[] sizes = smoke ? [20] : [100, 1000];
        // A full run measures on a server of its own; smoke (figures not meaningful) shares one.
        await using var server = await ServerProcess.StartAsync(webDll, new Dictionary<string, string>(), shareable: smoke);
        using var http = server.Client();
        await Readings.PostAsync(http, 1m);
        for (var i = 0; i < 3; i++) await http.GetStringAsync(""); // warm the page up (JIT, caches) without a circuit
        await Task.Delay(1000);
        var (idleSet, idleHeap) = (server.WorkingSetBytes(), await HeapAsync(server));
        var open = new List<CircuitClient>();
        var results = new List<Result>();
        try
        {
            foreach (var size in sizes)
            {
                await Circuits.OpenAsync(server, size - open.Count, open);
                await Task.Delay(smoke ? 1000 : 3000);
                var (workingSet, heap) = (server.WorkingSetBytes(), await HeapAsync(server));
                if (Environment.GetEnvironmentVariable(GcDumpVariable) is { Length: > 0 } dumps) await GcDumpAsync(server, dumps, size);
                var title = $"Memory per live dashboard, {size:#,##0} circuits";
                results.Add(new Result(title + ": server working set ÷ circuits",
                    $"{Circuits.KiB((double)workingSet / size)} ({Circuits.MiB(workingSet)} in all; " +
                    $"{Circuits.KiB((double)(workingSet - idleSet) / size)} each above the idle server's {Circuits.MiB(idleSet)})",
                    "— (the target is on managed memory, next row)", null,
                    Circuits.Notes(Circuits.Health(open), "the working set holds garbage not yet collected and memory the GC keeps for reuse")));
                results.Add(new Result(title + ": managed heap after a full collection",
                    heap is { } h && idleHeap is { } h0
                        ? $"{Circuits.KiB((double)(h - h0) / size)} per dashboard above the idle server ({Circuits.MiB(h)} in all, idle {Circuits.MiB(h0)})"
                        : "not measured",
                    "≤ 512 KB of managed memory per live dashboard circuit",
                    smoke || heap is null || idleHeap is null ? null : (double)(heap.Value - idleHeap.Value) / size <= 512 * 1024,
                    heap is null || idleHeap is null ? "the server's diagnostics port did not answer" : "induced gen-2 GC through the diagnostics port (EventPipe)"));
            }
        }
        finally
        {
            await Circuits.CloseAsync(open);
        }
        return results;
    }

    private static Task<long?> HeapAsync(ServerProcess server) => HeapAsync(server.Pid);

    /// <summary>
    /// Set to a folder, the run also writes a heap dump of the server at each size (<c>circuits-100.gcdump</c>, …) with
    /// dotnet-gcdump (<c>dotnet tool install -g dotnet-gcdump</c>): what a circuit holds is the difference between two of
    /// them, type by type. (The first column of <c>dotnet-gcdump report</c> is the size of one object of the type, not
    /// their total.)
    /// </summary>
    public const string GcDumpVariable = "BENCH_GCDUMP";

    private static async Task GcDumpAsync(ServerProcess server, string folder, int size)
    {
        var installed = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        Directory.CreateDirectory(folder);
        await Repo.RunAsync(File.Exists(installed) ? installed : "dotnet-gcdump",
            ["collect", "-p", server.Pid.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(folder, $"circuits-{size}.gcdump")], folder);
    }

    /// <summary>The managed heap after a full collection, or null (and why, on the console) when the diagnostics port does not answer.</summary>
    public static async Task<long?> HeapAsync(int pid)
    {
        try
        {
            return await ManagedHeap.AfterFullCollectionAsync(pid);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bench: managed heap not read: {ex.Message}");
            return null;
        }
    }
}
