using System.Globalization;
using System.Text;

namespace Dashboard.Bench;

public static class Report
{
    public static string Render(IReadOnlyList<Result> results, IReadOnlyList<string> sections, bool smoke, TimeSpan elapsed, string args)
    {
        var sb = new StringBuilder();
        sb.AppendLine(smoke ? "# Benchmarks (smoke run: small sizes, figures not meaningful)" : "# Benchmarks");
        sb.AppendLine();
        sb.AppendLine($"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Command: `dotnet run {(Repo.Configuration == "Release" ? "-c Release " : "")}--project bench/Dashboard.Bench{(args.Length > 0 ? " -- " + args : "")}`");
        sb.AppendLine($"- Machine: {Machine()}");
        sb.AppendLine($"- Server: published {Repo.Configuration} build, own process, SQLite in a fresh temp folder, demo data off, Production environment");
        sb.AppendLine($"- Duration of the run: {elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        sb.AppendLine();
        sb.AppendLine("| scenario | figure | target | met | notes |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in results)
            sb.AppendLine($"| {r.Scenario} | {r.Figure} | {r.Target} | {(r.Met switch { true => "yes", false => "**no**", null => "—" })} | {r.Note} |");
        sb.AppendLine();
        sb.AppendLine("The machine is shared (2 cores): other work on it shows up in these figures. Each figure is from one run.");
        foreach (var section in sections)
        {
            sb.AppendLine();
            sb.AppendLine(section.TrimEnd());
        }
        return sb.ToString();
    }

    private static string Machine()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {memory:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}
