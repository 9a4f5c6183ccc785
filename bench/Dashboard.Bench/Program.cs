using System.Diagnostics;
using Dashboard.Bench;

// One benchmark runner for the whole product. `--smoke` runs every scenario small (CI runs it so the harness
// never rots); without it, the full run rewrites docs/benchmarks.md. `--only <part of a name>` runs the matching
// scenarios; `--out <file>` writes the report there instead (e.g. for a partial run).
var smoke = args.Contains("--smoke");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var repo = Repo.Root();
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() is { } path
    ? Path.GetFullPath(path)
    : smoke
        ? Path.Combine(repo, "artifacts", "bench", "benchmarks-smoke.md")
        : Path.Combine(repo, "docs", "benchmarks.md");

const string PushTarget = "p95 ≤ 250 ms and p99 ≤ 1 s with 200 live dashboards";
var scenarios = new List<IScenario>
{
    new IngestScenario(smoke),
    new ImportScenario(smoke),
    // In-process: the KPI engine and both score cards over synthetic records, no server.
    new RecomputeScenario(smoke),
    new HubFanOutScenario(smoke),
    // Smoke keeps one Chromium page: the multi-page path is the same code, and CI time matters.
    new BrowserPushScenario(smoke, pages: 1),
    new FirstLoadScenario(),
    // In-process: the app's digest services and a loopback SMTP server, no published server.
    new DigestsScenario(smoke),
    // In-process: the app's XLSX reader against ExcelDataReader and MiniExcel on a workbook LibreOffice wrote.
    new XlsxReaderScenario(smoke),
};
// Live dashboards as headless Blazor circuits (CircuitClient): the server's side of the push, at sizes a browser per
// page can't reach on this machine. At 1 and 5 they check the client against Chromium (full run only).
if (!smoke)
{
    scenarios.Add(new BrowserPushScenario(smoke, pages: 50));
    scenarios.Add(new CircuitPushScenario(smoke, circuits: 1, target: "≈ Chromium with 1 page (check of the client)"));
    scenarios.Add(new BrowserPushScenario(smoke, pages: 5));
    scenarios.Add(new CircuitPushScenario(smoke, circuits: 5, target: "≈ Chromium with 5 pages (check of the client)"));
}
scenarios.Add(new CircuitPushScenario(smoke, circuits: smoke ? 20 : 200, target: PushTarget, met: p => p.P95 <= 250 && p.P99 <= 1000));
if (!smoke) scenarios.Add(new CircuitPushScenario(smoke, circuits: 1000, target: PushTarget + " (set for 200; shown for scale)"));
scenarios.Add(new CircuitSoakScenario(smoke));
scenarios.Add(new CircuitMemoryScenario(smoke));
scenarios.Add(new WallSoakScenario(smoke));
// The same push, memory and first load on a stock Blazor Server page and a MudBlazor one, for ratios.
scenarios.Add(new BaselineScenario(smoke));

// A full run's figures are Release figures; a Debug build is only good for the smoke run.
if (!smoke && Repo.Configuration != "Release")
{
    Console.Error.WriteLine($"bench: a full run measures a Release build (this one is {Repo.Configuration}): dotnet run -c Release --project bench/Dashboard.Bench");
    return 2;
}

var selected = scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
Console.WriteLine($"bench: {(smoke ? "smoke" : "full")} run");
// Only scenarios that start the dashboard need it published.
var web = "";
if (selected.Any(s => s.NeedsServer))
{
    Console.WriteLine($"bench: publishing the dashboard ({Repo.Configuration})…");
    web = await Repo.PublishAsync(repo, "Dashboard.Web", built: true);
}

// Smoke: one server and one Chromium for the scenarios that can share them, to keep CI's run short; a full run starts
// fresh ones per scenario.
ServerProcess.Share = Chromium.Share = smoke;
var total = Stopwatch.StartNew();
var results = new List<Result>();
var sections = new List<string>();
foreach (var scenario in selected)
{
    Console.WriteLine($"bench: {scenario.Name}…");
    var sw = Stopwatch.StartNew();
    try
    {
        results.AddRange(await scenario.RunAsync(web));
        if (scenario.Details is { } details) sections.Add(details);
    }
    catch (Exception ex)
    {
        results.Add(new Result(scenario.Name, "failed", "", false, ex.GetType().Name + ": " + ex.Message));
        Console.Error.WriteLine(ex);
    }
    Console.WriteLine($"bench: {scenario.Name} took {sw.Elapsed.TotalSeconds:0.0} s");
}

await ServerProcess.StopSharedAsync();
await Chromium.StopSharedAsync();
var report = Report.Render(results, sections, smoke, total.Elapsed, string.Join(' ', args));
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine(report);
Console.WriteLine($"bench: wrote {output}");
return results.Any(r => r.Figure == "failed") ? 1 : 0;
