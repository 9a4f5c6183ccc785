using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port, with its own data folder (real SQLite files) that is deleted afterwards.
/// Hangfire keeps statics, so hosts run one at a time: every test class using this is in <see cref="HostCollection"/>.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly bool _ownsData;

    private readonly string _environment;

    /// <param name="dataPath">An existing data folder to reuse (a restart); it is then left in place on dispose.</param>
    /// <param name="environment">The hosting environment; Production turns on what only a deployment has (Secure cookies, HSTS).</param>
    public DashboardApp(bool demoData = false, IDictionary<string, string?>? settings = null, string? dataPath = null,
        string environment = "Development")
    {
        _environment = environment;
        _ownsData = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
        _settings = new()
        {
            ["Dashboard:DataPath"] = DataPath,
            ["DemoData:Enabled"] = demoData ? "true" : "false",
            ["Jobs:PollInterval"] = "00:00:01",
            ["hostBuilder:reloadConfigOnChange"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1"));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataPath { get; }
    public Uri BaseAddress { get; }

    /// <summary>A client that goes through the real socket, like any other caller.</summary>
    public HttpClient Http { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }

    public Task<HttpResponseMessage> PostReadingsAsync(object body) => Http.PostAsJsonAsync("/api/v1/readings", body);

    public async Task<SnapshotResponse> GetSnapshotAsync(string? unit = null) =>
        (await Http.GetFromJsonAsync<SnapshotResponse>("/api/v1/snapshot" + (unit is null ? "" : $"?unit={unit}")))!;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsData) return;
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record SnapshotResponse(string Unit, string CatalogVersion, bool DemoData, List<Dashboard.Shared.Live.KpiSnapshotDto> Kpis)
{
    public Dashboard.Shared.Live.KpiSnapshotDto Kpi(string code) => Kpis.Single(k => k.Kpi == code);
}

/// <summary>Hosts and browsers run one at a time, with generous timeouts: the machine is shared.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "hosts";
}
