using System.Diagnostics;
using System.Reflection;

namespace Dashboard.Bench;

public static class Repo
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    /// <summary>
    /// The configuration this benchmark was built in, and so the one it publishes: Release for a full run
    /// (<c>dotnet run -c Release</c>); CI's smoke run reuses the Debug build its test pass just made.
    /// </summary>
    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>
    /// Publishes a project (a folder under the repository) into artifacts/bench/&lt;its name&gt; and returns the path of
    /// its dll. <paramref name="built"/>: the project is a reference of this benchmark, so it was built with it, in the
    /// same configuration, and publishing only copies.
    /// </summary>
    public static async Task<string> PublishAsync(string repo, string project, bool built = false)
    {
        var name = Path.GetFileName(project);
        var output = Path.Combine(repo, "artifacts", "bench", name);
        string[] args = ["publish", Path.Combine(repo, project), "-c", Configuration, "-o", output, "--nologo", "-v", "quiet"];
        using (await PublishLockAsync(Path.Combine(repo, project)))
            await RunAsync("dotnet", built ? [.. args, "--no-build"] : args, repo);
        return Path.Combine(output, name + ".dll");
    }

    /// <summary>
    /// Publishing writes into the project's obj folder, and CI runs the test pass (whose scale-out tests publish the
    /// dashboard too) beside this benchmark: one publish of a project at a time, across processes. The same lock file
    /// as Dashboard.Tests' PublishedServer; the operating system releases it if the holder dies.
    /// </summary>
    public static async Task<IDisposable> PublishLockAsync(string projectFolder)
    {
        var path = Path.Combine(projectFolder, "obj", "publish.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { await Task.Delay(250); }
        }
    }

    public static async Task RunAsync(string file, string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory };
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
    }
}
