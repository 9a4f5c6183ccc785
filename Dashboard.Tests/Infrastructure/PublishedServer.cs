using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard as deployed: its published output run as its own process on a fixed loopback port and data folder, so a
/// test can kill it (as a power cut would) and start it again on the same address with the same data.
/// </summary>
public sealed class PublishedServer : IDisposable
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _published;
    private readonly IDictionary<string, string> _settings;
    private Process? _process;

    public PublishedServer(IDictionary<string, string> settings)
    {
        _settings = new Dictionary<string, string>(settings);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        DataPath = Path.Combine(Path.GetTempPath(), "dashboard-tests", "published-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
        if (TestProvider.IsPostgreSql && !settings.ContainsKey("Store__Provider"))
        {
            _database = LoopbackServices.CreateDatabaseAsync().GetAwaiter().GetResult();
            _settings["Store__Provider"] = "PostgreSql";
            _settings["ConnectionStrings__Dashboard"] = _database;
        }
    }

    private readonly string? _database;

    /// <summary>The last lines the process wrote, for the message when it fails.</summary>
    private readonly Queue<string> _output = new();

    public string Output
    {
        get { lock (_output) return string.Join(Environment.NewLine, _output); }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 60) _output.Dequeue();
        }
    }

    public Uri Address { get; }

    public bool IsRunning => _process is { HasExited: false };
    public string DataPath { get; }
    public const string AdminName = "quan-tri";
    public const string Password = "Thu-nghiem-2026";

    /// <summary>Publishes the web project once per test run from the build the tests were compiled with (no rebuild).</summary>
    private static async Task<string> PublishAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (_published is not null) return _published;
            var repo = Repo.Root;
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var output = Path.Combine(Path.GetTempPath(), "dashboard-tests", "published-web-" + Guid.NewGuid().ToString("N"));
            var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "Dashboard.Web", "Dashboard.Web.csproj"), "-c", configuration, "--no-build",
                "-o", output, "--nologo", "-v", "quiet"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            // Publishing writes into the project's obj folder, and CI runs the benchmark's smoke run (which publishes the
            // dashboard too) beside this pass: one publish at a time across processes, on the lock file the benchmark takes.
            using var exclusive = await PublishLockAsync(Path.Combine(repo, "Dashboard.Web", "obj", "publish.lock"));
            using var process = Process.Start(info)!;
            var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}): {log}");
            return _published = Path.Combine(output, "Dashboard.Web.dll");
        }
        finally
        {
            PublishLock.Release();
        }
    }

    private static async Task<FileStream> PublishLockAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            // FileShare.None is an exclusive lock on the file (flock on Linux), released by the system if the holder dies.
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { await Task.Delay(250); }
        }
    }

    /// <summary>Runs the published app once with arguments (a command such as <c>migrate</c>), to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, IDictionary<string, string> environment,
        TimeSpan? timeout = null)
    {
        var dll = await PublishAsync();
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"dotnet {string.Join(' ', args)} did not end"); }
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task StartAsync()
    {
        var dll = await PublishAsync();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = Address.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Dashboard__DataPath"] = DataPath;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Auth__FirstAdminUserName"] = AdminName;
        info.Environment["Auth__FirstAdminPassword"] = Password;
        // Plain http on loopback: a closed test lab, the one place a non-Secure cookie is acceptable.
        info.Environment["Auth__SecureCookies"] = "false";
        foreach (var (k, v) in _settings) info.Environment[k] = v;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = new Deadline(TimeSpan.FromSeconds(120));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The published dashboard exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            if (deadline.Passed) throw new TimeoutException($"The published dashboard did not become ready in 120 s:{Environment.NewLine}{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>A client signed in as the first administrator on this node.</summary>
    public async Task<HttpClient> SignedInClientAsync(CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = Address };
        var response = await DashboardApp.SignInAsync(client, AdminName, Password);
        Assert.True(response.IsSuccessStatusCode, $"sign-in on {Address}: {response.StatusCode}{Environment.NewLine}{Output}");
        return client;
    }

    /// <summary>Asks the process to stop as systemd does (SIGTERM): a graceful shutdown.</summary>
    public void Terminate()
    {
        if (_process is not { HasExited: false } process) return;
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    /// <summary>The exit code once the process has ended, or null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null) throw new InvalidOperationException("The published dashboard was not started.");
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        return _process.ExitCode;
    }

    /// <summary>Stops the process at once, with no graceful shutdown: what a power cut or a crash does.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(30_000);
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        if (_database is not null) LoopbackServices.DropDatabase(_database);
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
