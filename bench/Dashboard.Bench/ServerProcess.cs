using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Bench;

/// <summary>
/// The dashboard as it runs in production: published output (Release for a full run) in its own process, on a loopback port,
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

    public const string AdminName = "bench";
    private const string AdminPassword = "Bench-Passw0rd-2026";

    public Uri Address { get; }

    /// <summary>The server's data folder (its SQLite files), for a scenario that reads what was stored.</summary>
    public string DataPath => _dataPath;

    /// <summary>The administrator's sign-in: pages, circuits and Chromium use it, as a signed-in leader would.</summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>A key for every feed and unit, issued through the admin page: writes go through the API with it.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>A client that is both signed in and keyed, so every endpoint answers as in production.</summary>
    public HttpClient Client(TimeSpan? timeout = null)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }
    public int Pid => _process.Id;

    private System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    /// <summary>The last lines the server wrote to its console (a scenario may turn a category's logging up to read them).</summary>
    public IReadOnlyList<string> ConsoleLines => [.. _log];

    /// <summary>
    /// Set by the runner for --smoke: scenarios that need a plain server (no settings of their own) then share one, since
    /// starting a published server, signing in and issuing a key is most of a small scenario's time. A full run keeps a
    /// fresh server per scenario, so no figure carries another scenario's data.
    /// </summary>
    public static bool Share { get; set; }

    private static Task<ServerProcess>? _shared;
    private bool _isShared;

    /// <param name="shareable">False for a scenario whose check counts what the server holds (walls; memory in a full run), which a
    /// shared server also holds for the scenarios before it.</param>
    public static Task<ServerProcess> StartAsync(string publishedDll, IDictionary<string, string> settings, bool shareable = true)
    {
        if (!Share || !shareable || settings.Count > 0) return StartNewAsync(publishedDll, settings);
        return _shared ??= StartSharedAsync(publishedDll);
    }

    private static async Task<ServerProcess> StartSharedAsync(string publishedDll)
    {
        var server = await StartNewAsync(publishedDll, new Dictionary<string, string>());
        server._isShared = true;
        return server;
    }

    /// <summary>Stops the shared server, if one was started (the runner calls it at the end).</summary>
    public static async Task StopSharedAsync()
    {
        if (_shared is null) return;
        var server = await _shared;
        server._isShared = false;
        await server.DisposeAsync();
    }

    private static async Task<ServerProcess> StartNewAsync(string publishedDll, IDictionary<string, string> settings)
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
        info.Environment["Auth__FirstAdminUserName"] = AdminName;
        info.Environment["Auth__FirstAdminPassword"] = AdminPassword;
        // The bench talks plain http on loopback: a closed lab, the one place a non-Secure cookie is acceptable.
        info.Environment["Auth__SecureCookies"] = "false";
        foreach (var (k, v) in settings) info.Environment[k] = v;
        var process = Process.Start(info)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            while (log.Count > 500) log.TryDequeue(out string? _);
        };
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
        var server = new ServerProcess(process, address, dataPath) { _log = log };
        await server.SignInAsync();
        return server;
    }

    private async Task SignInAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = Address };
        var login = await http.PostAsync("account/login", Form(await http.GetStringAsync("account/login"), "login",
            ("Input.UserName", AdminName), ("Input.Password", AdminPassword)));
        login.EnsureSuccessStatusCode();
        var created = await http.PostAsync("admin/api-keys", Form(await http.GetStringAsync("admin/api-keys"), "create-key",
            ("Input.Name", "bench"), ("Input.Feeds", "*"), ("Input.Units", "quang-nam")));
        var page = await created.Content.ReadAsStringAsync();
        ApiKey = System.Text.RegularExpressions.Regex.Match(page, "data-role=\"secret\">([^<]+)<").Groups[1].Value;
        if (ApiKey.Length == 0) throw new InvalidOperationException("The bench could not sign in and get an API key.");
    }

    /// <summary>
    /// Registers a wall screen on the admin page, as an administrator would, and pairs it: the cookies a screen holds
    /// after opening its pairing link.
    /// </summary>
    public async Task<CookieCollection> PairWallAsync(params (string View, int Seconds)[] playlist)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = Address };
        var fields = new List<(string, string)> { ("Input.Name", "bench wall " + Guid.NewGuid().ToString("N")[..6]), ("Input.Units", "que-minh") };
        foreach (var (view, seconds) in playlist)
        {
            fields.Add(("Input.Views", view));
            fields.Add(($"Input.Seconds[{view}]", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var created = await http.PostAsync("admin/devices", Form(await http.GetStringAsync("admin/devices"), "device", [.. fields]));
        var link = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(
            await created.Content.ReadAsStringAsync(), "data-role=\"pairing-link\">([^<]+)<").Groups[1].Value);
        if (link.Length == 0) throw new InvalidOperationException("The bench could not register a wall screen.");
        var screen = new CookieContainer();
        using var device = new HttpClient(new HttpClientHandler { CookieContainer = screen, AllowAutoRedirect = false });
        // The link is built from the public address (Digests:BaseUrl) or is a bare path: open it on this server either way.
        // (On Unix "/wall/pair?…" parses as an absolute file: URI, so only an http(s) address counts as absolute.)
        var path = link.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? new Uri(link).PathAndQuery : link;
        using var opened = await device.GetAsync(new Uri(Address, path));
        var cookies = screen.GetCookies(Address);
        if (cookies.Count == 0)
            throw new InvalidOperationException($"The wall screen's pairing link {link} gave no cookie (HTTP {(int)opened.StatusCode}, to {opened.Headers.Location}).");
        return cookies;
    }

    /// <summary>The walls the server holds open for its screens, as the admin page shows them.</summary>
    public async Task<int> OpenWallsAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = Address };
        var page = await http.GetStringAsync("admin/devices");
        return System.Text.RegularExpressions.Regex.Matches(page, "data-role=\"open-walls\">(\\d+)<").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static FormUrlEncodedContent Form(string page, string handler, params (string Name, string Value)[] fields)
    {
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", token)).Append(new("_handler", handler)));
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_isShared) return; // the next scenario uses it; StopSharedAsync ends it
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
