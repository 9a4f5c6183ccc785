using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Dashboard.Shared.Catalog;
using Dashboard.Web.Accounts;
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

    private readonly Action<IServiceCollection>? _services;

    private readonly bool _ownsClock;

    /// <summary>The PostgreSQL database of this host, when the suite runs on PostgreSQL.</summary>
    private readonly string? _database;

    /// <param name="dataPath">An existing data folder to reuse (a restart); it is then left in place on dispose.</param>
    /// <param name="signIn">False for a host whose first administrator the test itself sets up (no configured password).</param>
    /// <param name="environment">The hosting environment; Production turns on what only a deployment has (Secure cookies, HSTS).</param>
    /// <param name="services">Adds to the app's services (a log capture, an in-memory metrics exporter).</param>
    /// <param name="clock">The app's clock; by default one that starts at <see cref="TestClock.Origin"/> and ticks on.</param>
    public DashboardApp(bool demoData = false, IDictionary<string, string?>? settings = null, string? dataPath = null, bool signIn = true,
        string environment = "Development", Action<IServiceCollection>? services = null, TestClock? clock = null)
    {
        _ownsClock = clock is null;
        Clock = clock ?? new TestClock();
        _environment = environment;
        _services = services;
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
            ["Auth:FirstAdminUserName"] = AdminName,
            ["Auth:FirstAdminPassword"] = Password,
        };
        if (TestProvider.IsPostgreSql && !(settings?.ContainsKey("Store:Provider") ?? false))
        {
            // A restart (dataPath given) keeps its database: it is named in a file of the data folder.
            var marker = Path.Combine(DataPath, "postgres-database.txt");
            // Pooled, as a server runs: opening a PostgreSQL connection starts a server process, and a host's start-up
            // opens dozens. Dispose clears the pools, so no test leaves connections behind.
            _database = File.Exists(marker) ? File.ReadAllText(marker)
                : new Npgsql.NpgsqlConnectionStringBuilder(LoopbackServices.CreateDatabaseAsync(schema: true).GetAwaiter().GetResult()) { Pooling = true }.ConnectionString;
            File.WriteAllText(marker, _database);
            _settings["Store:Provider"] = "PostgreSql";
            _settings["ConnectionStrings:Dashboard"] = _database;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        // A new SQLite store starts from the run's migrated copy (a restart keeps the file it has).
        var sqlite = _settings.GetValueOrDefault("Store:Provider") is null or "Sqlite";
        var file = Path.Combine(DataPath, _settings.GetValueOrDefault("Store:SqlitePath") ?? "dashboard.db");
        if (sqlite && !File.Exists(file)) SqliteTemplate.CopyTo(file);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1"));
        // Tests act as the administrator in a browser (cookie) and as a source system with a key for every feed and unit.
        var keys = Services.GetRequiredService<ApiKeys>();
        var top = Services.GetRequiredService<UnitDirectory>().All.First(u => u.Parent is null).Code;
        ApiKey = keys.CreateAsync("tests", ["*"], [top], "tests").GetAwaiter().GetResult().Secret;
        Http = signIn
            ? SignedInClientAsync(AdminName, Password).GetAwaiter().GetResult()
            : new HttpClient(new HttpClientHandler { CookieContainer = Cookies }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add(ApiKeys.HeaderName, ApiKey);
    }

    public const string AdminName = "quan-tri";

    /// <summary>The password of every account the tests create: long enough for the password rules.</summary>
    public const string Password = "Thu-nghiem-2026";

    /// <summary>A key for every feed and unit (the ingest API takes keys, not sign-ins).</summary>
    public string ApiKey { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>A client signed in as someone, through the real sign-in form (antiforgery token and all).</summary>
    public async Task<HttpClient> SignedInClientAsync(string user, string password, bool followRedirects = true, CookieContainer? cookies = null)
    {
        cookies ??= user == AdminName && password == Password ? Cookies : new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = followRedirects })
            { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var response = await SignInAsync(client, user, password);
        // A refused sign-in answers the form again with 401; a good one redirects (followed or not).
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.OK))
            throw new InvalidOperationException($"Sign-in as {user} failed: {response.StatusCode}");
        return client;
    }

    /// <summary>Posts the sign-in form as a browser would; the answer is the redirect (or the page again, 401, on failure).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = user, ["Input.Password"] = password,
        }));
    }

    /// <summary>Creates an account with a role and units (directly, as an administrator would on the users page).</summary>
    public async Task CreateUserAsync(string name, string role, params string[] units)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DashboardUser>>();
        var user = new DashboardUser { UserName = name, DisplayName = name, LockoutEnabled = true };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        foreach (var unit in units) await users.AddClaimAsync(user, new System.Security.Claims.Claim(UnitAccess.ClaimType, unit));
    }

    /// <summary>
    /// Starts a hub connection and waits until the hub has joined it to its units' groups: SignalR completes the
    /// handshake before OnConnectedAsync runs, so a reading posted straight after StartAsync could pass it by.
    /// </summary>
    public async Task StartHubAsync(Microsoft.AspNetCore.SignalR.Client.HubConnection connection)
    {
        await connection.StartAsync();
        var open = Services.GetRequiredService<Dashboard.Web.Live.KpiHubConnections>();
        await Wait.UntilAsync(() => Task.FromResult(open.Open().Any(c => c.Context.ConnectionId == connection.ConnectionId)),
            "the hub to register the connection");
    }

    /// <summary>The app's only clock (<see cref="TimeProvider"/> in its services): the tests' dates never come from the machine.</summary>
    public TestClock Clock { get; }

    /// <summary>Today in Vietnam by the app's clock.</summary>
    public DateOnly Today => Clock.Today;

    public string DataPath { get; }
    public Uri BaseAddress { get; }

    /// <summary>A client that goes through the real socket, like any other caller.</summary>
    public HttpClient Http { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        // Identity's 100,000 PBKDF2 rounds take about 0.1 s a hash here, and every host hashes at least twice (its first
        // administrator, the sign-in). Each hash records its rounds, so it verifies on any host; the published servers
        // (PublishedServer) keep the default, and what these tests check is who may sign in, not the hash's cost.
        builder.ConfigureServices(s => s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000));
        if (_services is not null) builder.ConfigureServices(_services);
    }

    public Task<HttpResponseMessage> PostReadingsAsync(object body) => Http.PostAsJsonAsync("/api/v1/readings", body);

    public Task<SnapshotResponse> GetSnapshotAsync(string? unit = null) => SnapshotResponse.GetAsync(Http, unit);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null) Npgsql.NpgsqlConnection.ClearAllPools();
        if (_ownsClock) Clock.Dispose();
        if (!_ownsData) return;
        if (_database is not null) LoopbackServices.DropDatabase(_database);
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record SnapshotResponse(string Unit, DateTimeOffset AsOf, string Today, string CatalogVersion, bool DemoData,
    List<Dashboard.Shared.Live.KpiSnapshotDto> Kpis)
{
    /// <summary>The server's month ("2026-11"): a test of a separate server process posts figures for the server's "this month".</summary>
    public string Month => Today[..7];

    public static async Task<SnapshotResponse> GetAsync(HttpClient client, string? unit = null) =>
        (await client.GetFromJsonAsync<SnapshotResponse>("/api/v1/snapshot" + (unit is null ? "" : $"?unit={unit}")))!;

    public Dashboard.Shared.Live.KpiSnapshotDto Kpi(string code) => Kpis.Single(k => k.Kpi == code);
}

/// <summary>Hosts and browsers run one at a time, with generous timeouts: the machine is shared.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "hosts";
}
