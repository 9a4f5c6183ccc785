using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Bench;

/// <summary>
/// The dashboard as it runs in production: published Release output in its own process, on a loopback port,
/// with a fresh data folder. Measured from outside, like any client would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataPath;

    private ServerProcess(Process process, Uri address, string dataPath)
    {
        _process = process;
        Address = address;
        _dataPath = dataPath;
    }

    public Uri Address { get; }
    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string publishedDll, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var dataPath = Path.Combine(Path.GetTempPath(), "dashboard-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        var info = new ProcessStartInfo("dotnet", [publishedDll])
        {
            WorkingDirectory = Path.GetDirectoryName(publishedDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Dashboard__DataPath"] = dataPath;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DemoData__Enabled"] = "false";
        foreach (var (k, v) in settings) info.Environment[k] = v;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not become ready within 90 s.");
            await Task.Delay(200);
        }
        return new ServerProcess(process, address, dataPath);
    }

    /// <summary>Resident set size of the server process, from /proc.</summary>
    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Total CPU time of the server process so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
