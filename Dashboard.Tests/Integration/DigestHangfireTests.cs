using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>The recurring job as Hangfire runs it (its own server, workers and SQLite storage), not called by hand.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DigestHangfireTests : IDisposable
{
    private readonly int _port = SmtpSink.FreePort();
    private readonly DashboardApp _app;

    public DigestHangfireTests()
    {
        var settings = DigestData.Settings(_port);
        settings["Jobs:RunServer"] = "true";
        _app = new DashboardApp(settings: settings);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Two_runs_hangfire_starts_for_the_same_occurrence_send_one_digest()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");
        var jobs = _app.Services.GetRequiredService<IRecurringJobManager>();
        DigestSchedule.Register(jobs, sub);

        // "Run now" twice in a row, as a double click or a catch-up right after a manual run would: both belong to the
        // last Monday 07:00, so the second finds the first's claim.
        jobs.Trigger(DigestSchedule.JobId(sub.Id));
        jobs.Trigger(DigestSchedule.JobId(sub.Id));
        await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));

        var factory = _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await Wait.UntilAsync(async () =>
        {
            var monitor = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            return monitor.SucceededListCount() >= 2;
        }, "both runs finished", TimeSpan.FromSeconds(60));
        Assert.Equal(1, sink.Count);
        await using var db = await factory.CreateDbContextAsync();
        var delivery = await db.DigestDeliveries.SingleAsync(d => d.SubscriptionId == sub.Id);
        Assert.Equal(DigestState.Sent, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(delivery.MessageId, Assert.Single(sink.Messages).Message.MessageId);
        Assert.EndsWith(" 07:00", delivery.PeriodKey);
        Assert.Equal(DayOfWeek.Monday, DateOnly.ParseExact(delivery.PeriodKey[..10], "yyyy-MM-dd").DayOfWeek);
    }
}
