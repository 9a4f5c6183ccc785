using System.Threading.Channels;
using Dashboard.Shared.Live;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Integration;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class HubTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_hub_client_receives_the_change_after_a_post()
    {
        var received = Channel.CreateUnbounded<KpiSnapshotDto>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseAddress, "/hubs/kpi"), o => o.Headers["X-Api-Key"] = _app.ApiKey)
            .Build();
        connection.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch) received.Writer.TryWrite(s);
        });
        await _app.StartHubAsync(connection);

        var response = await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 96.5, source = "khao-sat" });
        response.EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(Wait.Generous);
        KpiSnapshotDto change;
        do change = await received.Reader.ReadAsync(timeout.Token);
        while (change.Kpi != "sipas");

        Assert.Equal("que-minh", change.Unit);
        Assert.Equal(96.5m, change.Value);
        Assert.Equal("Met", change.Status);
        Assert.NotNull(change.UpdatedAt);
    }
}
