using System.Diagnostics;

namespace Dashboard.Bench;

public static class Repo
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    /// <summary>Publishes a project (a folder under the repository) in Release into artifacts/bench/&lt;its name&gt; and returns the path of its dll.</summary>
    public static async Task<string> PublishAsync(string repo, string project)
    {
        var name = Path.GetFileName(project);
        var output = Path.Combine(repo, "artifacts", "bench", name);
        await RunAsync("dotnet", ["publish", Path.Combine(repo, project), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"], repo);
        return Path.Combine(output, name + ".dll");
    }

    public static async Task RunAsync(string file, string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory };
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
    }
}
