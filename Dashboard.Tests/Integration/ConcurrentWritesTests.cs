using Dashboard.Jobs.Feeds;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ConcurrentWritesTests : IDisposable
{
    // Demo data on, the Hangfire server off: the test drives the simulator itself, at the same time as the API.
    private readonly DashboardApp _app = new(demoData: true, settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Ingest_and_the_simulator_writing_at_once_lose_nothing()
    {
        var simulator = _app.Services.GetRequiredService<SimulatorFeed>();
        var units = _app.Services.GetRequiredService<UnitDirectory>().Communes.Select(u => u.Code).ToArray();
        var kpis = new[] { "sipas", "can-bo-dat-chuan", "kien-nghi-thanh-tra", "ra-soat-vbqppl" };

        var simulating = Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++) await simulator.RunAsync(CancellationToken.None);
        });
        var posting = Enumerable.Range(1, 12).Select(async month =>
        {
            var body = units.SelectMany(u => kpis.Select(k => new { unit = u, kpi = k, period = $"2025-{month:00}", value = 50 + month, source = "cong-van" }));
            var response = await _app.PostReadingsAsync(body.ToArray());
            response.EnsureSuccessStatusCode();
        });
        await Task.WhenAll([simulating, .. posting]);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var posted = await db.Readings.Where(r => r.Source == "cong-van").ToListAsync();
        Assert.Equal(12 * units.Length * kpis.Length, posted.Count);
        Assert.All(posted, r => Assert.Equal(50 + int.Parse(r.Period[5..]), r.Value));

        var catalog = _app.Services.GetRequiredService<KpiCatalog>();
        var simulated = await db.Readings.Where(r => r.Source == Sources.Simulator)
            .Select(r => new { r.UnitCode, r.KpiCode }).Distinct().CountAsync();
        Assert.Equal(units.Length * catalog.Kpis.Count, simulated);

        // The engine shows the real figure over the demo one for the same KPI.
        var snapshot = await _app.GetSnapshotAsync();
        Assert.Equal("cong-van", snapshot.Kpi("sipas").Source);
        Assert.Equal("simulator", snapshot.Kpi("xep-hang-dti").Source);
        Assert.True(snapshot.Kpi("xep-hang-dti").Demo);
    }
}
