using System.Net;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// /health/ready is what a load balancer, systemd's watchdog and the wall's recovery ask: it must say "not ready" when
/// the server can no longer keep what it is sent, a full disk or a store that refuses writes, and say why.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ReadinessTests : IDisposable
{
    private sealed class FakeFreeSpace : IFreeSpace
    {
        public long? Bytes { get; set; } = 50L * 1024 * 1024 * 1024;
        public List<string> Asked { get; } = [];

        public long? AvailableBytes(string folder)
        {
            lock (Asked) Asked.Add(folder);
            return Bytes;
        }
    }

    private readonly FakeFreeSpace _disk = new();
    private readonly DashboardApp _app;

    public ReadinessTests() => _app = new DashboardApp(
        settings: new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Health:MinFreeMegabytes"] = "200",
            // Every request probes the store, so the test need not wait for the next probe.
            ["Health:WriteProbeInterval"] = "00:00:00",
        },
        services: s => s.AddSingleton<IFreeSpace>(_disk));

    public void Dispose() => _app.Dispose();

    private async Task<(HttpStatusCode Status, string Text)> ReadyAsync()
    {
        var response = await _app.Http.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_and_says_so_while_the_data_folders_disk_is_nearly_full()
    {
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync());

        _disk.Bytes = 120L * 1024 * 1024;
        var (status, text) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("Unhealthy", text);
        Assert.Contains("disk", text);
        // It looked at the disk of the data folder, not somewhere else.
        lock (_disk.Asked) Assert.Contains(Path.GetFullPath(_app.DataPath), _disk.Asked.Select(Path.GetFullPath));

        _disk.Bytes = 5L * 1024 * 1024 * 1024;
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync());
    }

    [Fact]
    public async Task Readiness_fails_while_a_write_to_the_store_fails_and_recovers_when_writes_succeed_again()
    {
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync());

        // The store refuses every update of a table, as a full disk or a read-only database would refuse every write.
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER test_refuse_writes BEFORE UPDATE ON "units" BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;""");
            else
                await db.Database.ExecuteSqlRawAsync("""
                    CREATE FUNCTION test_refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $f$;
                    CREATE TRIGGER test_refuse_writes BEFORE UPDATE ON "units" FOR EACH ROW EXECUTE FUNCTION test_refuse_writes();
                    """);
        }
        var (status, text) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("Unhealthy", text);
        Assert.Contains("store", text);

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_refuse_writes;");
            else await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER test_refuse_writes ON "units"; DROP FUNCTION test_refuse_writes();""");
        }
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync());
    }
}
