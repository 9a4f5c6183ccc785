using System.Net;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Digests due while the server was down: at start the latest missed occurrence of each subscription goes out once,
/// marked late, the earlier ones are recorded as missed, and a second start (or a second node) sends nothing more.
/// The app's clock is a FakeTimeProvider; Hangfire (its own server, SQLite storage) runs the late send.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DigestCatchUpTests : IDisposable
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    /// <summary>Wednesday 25/11/2026 07:00: the last digest that went out before the server stopped.</summary>
    private static readonly DateTimeOffset Wednesday7 = new(2026, 11, 25, 7, 0, 0, Vietnam);
    /// <summary>Monday 30/11/2026 09:15: the server is back; Thursday, Friday and Monday 07:00 passed meanwhile.</summary>
    private static readonly DateTimeOffset Monday915 = new(2026, 11, 30, 9, 15, 0, Vietnam);

    private readonly int _port = SmtpSink.FreePort();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vietnam));
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var marker = Path.Combine(_data, "postgres-database.txt");
        if (File.Exists(marker)) LoopbackServices.DropDatabase(File.ReadAllText(marker));
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    /// <summary>One start of the server on the same data, with the job server on and the test's clock.</summary>
    private DashboardApp Start(Dictionary<string, string?>? extra = null)
    {
        var settings = DigestData.Settings(_port);
        settings["Jobs:RunServer"] = "true";
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return new DashboardApp(settings: settings, dataPath: _data, services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    /// <summary>A working-day digest saved on 20/11, and the Wednesday 07:00 one already sent.</summary>
    private static async Task<long> SubscribeAsync(DashboardApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var saved = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
        var subscription = new DigestSubscription
        {
            Owner = DashboardApp.AdminName, Name = "Bản tin sáng ngày làm việc", Recipients = "chu-tich@que-minh.gov.vn", UnitCode = "que-minh",
            Preset = DigestSchedule.WorkingDays, Cron = "0 7 * * 1-5", WorkingDaysOnly = true, CreatedAt = saved, UpdatedAt = saved,
        };
        db.DigestSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        db.DigestDeliveries.Add(new DigestDelivery
        {
            SubscriptionId = subscription.Id, PeriodKey = DigestSchedule.PeriodKey(Wednesday7), ScheduledAt = Wednesday7.UtcDateTime,
            MessageId = DeliveryLog.NewMessageId(subscription.Id, Wednesday7), State = DigestState.Sent, Attempts = 1,
            ClaimedAt = Wednesday7.UtcDateTime, SentAt = Wednesday7.UtcDateTime.AddSeconds(5),
        });
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    private static async Task<Dictionary<string, DigestDelivery>> RowsAsync(DashboardApp app, long id)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.DigestDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).ToDictionaryAsync(d => d.PeriodKey);
    }

    /// <summary>Every Hangfire job created so far has finished (none enqueued, scheduled or running).</summary>
    private static Task HangfireIdleAsync(DashboardApp app) => Wait.UntilAsync(() =>
    {
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return Task.FromResult(monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0 && monitor.ScheduledCount() == 0);
    }, "Hangfire has no job left to run", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task The_digest_due_while_the_server_was_down_goes_out_once_late_at_start_and_the_earlier_ones_are_recorded_missed()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        long id;
        using (var app = Start())
            id = await SubscribeAsync(app);

        // Down from Wednesday to Monday 09:15.
        _clock.SetUtcNow(Monday915);
        using (var app = Start())
        {
            await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));
            await Wait.UntilAsync(async () => (await RowsAsync(app, id)).GetValueOrDefault("2026-11-30 07:00")?.State == DigestState.Late,
                "Monday's digest marked late", TimeSpan.FromSeconds(60));
            await HangfireIdleAsync(app);

            var rows = await RowsAsync(app, id);
            Assert.Equal(["2026-11-25 07:00", "2026-11-26 07:00", "2026-11-27 07:00", "2026-11-30 07:00"], rows.Keys.Order());
            Assert.Equal(DigestState.Sent, rows["2026-11-25 07:00"].State);
            Assert.Equal(DigestState.Missed, rows["2026-11-26 07:00"].State);
            Assert.Equal(DigestState.Missed, rows["2026-11-27 07:00"].State);
            var monday = rows["2026-11-30 07:00"];
            Assert.Equal(1, monday.Attempts);
            var received = Assert.Single(sink.Messages);
            Assert.Equal(monday.MessageId, received.Message.MessageId);
            Assert.Contains("30/11/2026", received.Message.Subject);

            // /digests says which went out late and which were missed.
            var page = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/digests"));
            Assert.Contains("data-state=\"late\"", page);
            Assert.Equal(2, page.Split("data-state=\"missed\"").Length - 1);
            Assert.Contains("Đã gửi muộn", page);
            Assert.Contains("Bỏ lỡ", page);
        }

        // Started again an hour later: nothing more goes out and no row changes.
        _clock.Advance(TimeSpan.FromHours(1));
        using (var app = Start())
        {
            await HangfireIdleAsync(app);
            var rows = await RowsAsync(app, id);
            Assert.Equal(4, rows.Count);
            Assert.Equal(DigestState.Late, rows["2026-11-30 07:00"].State);
            Assert.Equal(1, rows["2026-11-30 07:00"].Attempts);
            Assert.Equal(1, sink.Count);
        }
    }

    [Fact]
    public async Task Two_job_nodes_catching_up_at_once_send_the_missed_digest_once()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        _clock.SetUtcNow(Monday915);
        using var app = Start();
        var id = await SubscribeAsync(app);

        // Two nodes starting together run the same catch-up on the same store.
        var catchUp = app.Services.GetRequiredService<DigestCatchUp>();
        await Task.WhenAll(Task.Run(() => catchUp.RunAsync(CancellationToken.None)), Task.Run(() => catchUp.RunAsync(CancellationToken.None)));
        await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));
        await HangfireIdleAsync(app);

        Assert.Equal(1, sink.Count);
        var rows = await RowsAsync(app, id);
        Assert.Equal(4, rows.Count);
        Assert.Equal(DigestState.Late, rows["2026-11-30 07:00"].State);
        Assert.Equal(1, rows["2026-11-30 07:00"].Attempts);
        Assert.Equal(2, rows.Values.Count(r => r.State == DigestState.Missed));
    }

    [Fact]
    public async Task With_catch_up_sending_none_every_missed_occurrence_is_recorded_and_nothing_goes_out()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        long id;
        using (var app = Start())
            id = await SubscribeAsync(app);

        _clock.SetUtcNow(Monday915);
        using (var app = Start(new() { ["Digests:CatchUpSend"] = "0" }))
        {
            await HangfireIdleAsync(app);
            var rows = await RowsAsync(app, id);
            Assert.Equal(3, rows.Values.Count(r => r.State == DigestState.Missed));
            // A run for Monday after all (Hangfire's own catch-up, or "trigger now") does not send what was recorded as missed.
            Assert.Equal(DigestOutcome.Missed, await app.Services.GetRequiredService<DigestJob>().RunAtAsync(id, Monday915, CancellationToken.None));
        }
        Assert.Equal(0, sink.Count);
    }
}
