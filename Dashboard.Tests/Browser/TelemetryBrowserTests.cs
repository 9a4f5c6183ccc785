using System.Globalization;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Browser;

/// <summary>Live pages as the metrics see them: an open page is a circuit, and a stored reading's re-render is timed.</summary>
[Collection(HostCollection.Name)]
public sealed class TelemetryBrowserTests : IAsyncLifetime
{
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task An_open_page_counts_as_a_live_circuit_and_its_live_update_is_timed()
    {
        var metrics = new ExportedMetrics();
        // A closed page's circuit is let go after 2 s instead of 3 minutes, so the count comes back down within the test.
        using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:02" },
            services: metrics.AddTo);
        Assert.Equal(0, metrics.Collect(app).Sum("dashboard.circuits.live"));

        var page = await _browser.NewPageAsync(app);
        await page.GotoAsync("/");
        await Wait.UntilAsync(() => Task.FromResult(metrics.Collect(app).Sum("dashboard.circuits.live") == 1), "one live circuit");

        var month = app.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        (await app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = month, value = 93.5m, source = "khao-sat" })).EnsureSuccessStatusCode();
        ExportedMetrics.Collected collected = null!;
        await Wait.UntilAsync(() =>
        {
            collected = metrics.Collect(app);
            return Task.FromResult(collected.Find("dashboard.push.latency") is not null && collected.Points("dashboard.push.latency", ("path", "page")).Count > 0);
        }, "a page push latency");
        var pushed = Assert.Single(collected.Points("dashboard.push.latency", ("path", "page")));
        Assert.True(pushed.GetHistogramCount() >= 1);
        Assert.InRange(pushed.GetHistogramSum() / pushed.GetHistogramCount(), 0.0001, Wait.Generous.TotalMilliseconds);

        await page.Context.CloseAsync();
        await Wait.UntilAsync(() => Task.FromResult(metrics.Collect(app).Sum("dashboard.circuits.live") == 0), "the closed page's circuit uncounted");
    }
}
