using System.Diagnostics;
using Dashboard.Bench;

// One benchmark runner for the whole product. `--smoke` runs every scenario small (CI runs it so the harness
// never rots); without it, the full run rewrites docs/benchmarks.md.
var smoke = args.Contains("--smoke");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var repo = Repo.Root();
var output = smoke
    ? Path.Combine(repo, "artifacts", "bench", "benchmarks-smoke.md")
    : Path.Combine(repo, "docs", "benchmarks.md");

Console.WriteLine($"bench: {(smoke ? "smoke" : "full")} run; publishing the dashboard (Release)…");
var web = await Repo.PublishAsync(repo, "Dashboard.Web");

var scenarios = new List<IScenario>
{
    new IngestScenario(smoke),
    new ImportScenario(smoke),
    new HubFanOutScenario(smoke),
    new BrowserPushScenario(smoke, pages: 1),
    new BrowserPushScenario(smoke, pages: smoke ? 3 : 50),
    new FirstLoadScenario(),
};
var results = new List<Result>();
var total = Stopwatch.StartNew();
foreach (var scenario in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    Console.WriteLine($"bench: {scenario.Name}…");
    var sw = Stopwatch.StartNew();
    try
    {
        results.AddRange(await scenario.RunAsync(web));
    }
    catch (Exception ex)
    {
        results.Add(new Result(scenario.Name, "failed", "", false, ex.GetType().Name + ": " + ex.Message));
        Console.Error.WriteLine(ex);
    }
    Console.WriteLine($"bench: {scenario.Name} took {sw.Elapsed.TotalSeconds:0.0} s");
}

var report = Report.Render(results, smoke, total.Elapsed, string.Join(' ', args));
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine(report);
Console.WriteLine($"bench: wrote {output}");
return results.Any(r => r.Figure == "failed") ? 1 : 0;
