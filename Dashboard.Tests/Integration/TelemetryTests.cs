using System.Net;
using System.Threading.Channels;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Integration;

/// <summary>The operator's metrics read back through an in-memory exporter, the log scopes, and readiness with the job server.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class TelemetryTests
{
    private const string Ingested = "dashboard.readings.ingested";

    [Fact]
    public async Task Ingest_hub_push_latency_hub_connections_and_queue_depth_are_exported()
    {
        var metrics = new ExportedMetrics();
        using var app = new DashboardApp(services: metrics.AddTo);
        var ingestedBefore = metrics.Collect(app).Sum(Ingested);

        var received = Channel.CreateUnbounded<KpiSnapshotDto>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/kpi"), o => o.Headers["X-Api-Key"] = app.ApiKey)
            .Build();
        connection.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch) received.Writer.TryWrite(s);
        });
        await connection.StartAsync();
        await Wait.UntilAsync(() => Task.FromResult(metrics.Collect(app).Sum("dashboard.hub.connections") == 1), "one hub connection counted");

        (await app.PostReadingsAsync(new object[]
        {
            new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 96.5, source = "khao-sat" },
            new { unit = "que-an", kpi = "sipas", period = "2026-11", value = 91, source = "khao-sat" },
        })).EnsureSuccessStatusCode();
        using (var timeout = new CancellationTokenSource(Wait.Generous))
            while ((await received.Reader.ReadAsync(timeout.Token)).Kpi != "sipas") { }
        // A rejected batch stores nothing, so it counts nothing.
        Assert.Equal(HttpStatusCode.BadRequest,
            (await app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026-13", value = 90, source = "khao-sat" })).StatusCode);

        // Two jobs on a queue no server listens to: they stay there, so the depth is known exactly.
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < 2; i++) jobs.Create<FeedJob>(j => j.RunNowAsync("khong-co", null, CancellationToken.None), new EnqueuedState("telemetry_idle"));

        // The hub's send follows the store on another task: wait for its latency to be recorded.
        ExportedMetrics.Collected collected = null!;
        await Wait.UntilAsync(() =>
        {
            collected = metrics.Collect(app);
            return Task.FromResult(collected.Find("dashboard.push.latency") is not null && collected.Points("dashboard.push.latency", ("path", "hub")).Count > 0);
        }, "a hub push latency");

        Assert.Equal(2, collected.Sum(Ingested) - ingestedBefore);
        var hub = Assert.Single(collected.Points("dashboard.push.latency", ("path", "hub")));
        Assert.True(hub.GetHistogramCount() >= 1);
        var mean = hub.GetHistogramSum() / hub.GetHistogramCount();
        Assert.InRange(mean, 0.0001, Wait.Generous.TotalMilliseconds);
        Assert.Equal("ms", collected.Get("dashboard.push.latency").Unit);

        Assert.Equal(2, Assert.Single(collected.Points("dashboard.jobs.queue.depth", ("queue", "telemetry_idle"))).GetGaugeLastValueLong());
        Assert.Single(collected.Points("dashboard.jobs.queue.depth", ("queue", "default")));

        // ASP.NET Core's own request metrics come out through the same provider.
        Assert.NotNull(collected.Find("http.server.request.duration"));

        await connection.DisposeAsync();
        await Wait.UntilAsync(() => Task.FromResult(metrics.Collect(app).Sum("dashboard.hub.connections") == 0), "the hub connection uncounted");
    }

    [Fact]
    public async Task Feed_runs_are_counted_by_feed_and_outcome_and_their_log_lines_name_the_feed_and_the_job()
    {
        await using var source = await FakeSource.StartAsync(web =>
            web.MapGet("/ok", () => Results.Json(new[] { new { unit = "que-minh", kpi = "sipas", period = "2026-10", value = 88 } })));
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Dashboard.Jobs"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting"] = "Information",
            // The refused connection is retried (docs/feeds.md): short waits keep the failed run quick.
            ["FeedHttp:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (id, url) in new[] { ("nguon-tot", source.Url("/ok")), ("nguon-loi", "http://127.0.0.1:9/") })
        {
            settings[$"Feeds:{id}:Kind"] = "http-json";
            settings[$"Feeds:{id}:TimeoutSeconds"] = "10";
            settings[$"Feeds:{id}:Settings:Url"] = url;
            foreach (var field in new[] { "unit", "kpi", "period", "value" }) settings[$"Feeds:{id}:Settings:Fields:{field}"] = field;
        }
        var metrics = new ExportedMetrics();
        var logs = new CapturedLogs();
        using var app = new DashboardApp(settings: settings, services: s =>
        {
            metrics.AddTo(s);
            logs.AddTo(s);
        });
        var ingestedBefore = metrics.Collect(app).Sum(Ingested);

        var good = await RunFeedAsync(app, logs, "nguon-tot");
        var bad = await RunFeedAsync(app, logs, "nguon-loi");
        var again = await RunFeedAsync(app, logs, "nguon-tot");

        var collected = metrics.Collect(app);
        Assert.Equal(2, collected.Sum("dashboard.feed.runs", ("feed", "nguon-tot"), ("outcome", "succeeded")));
        Assert.Equal(0, collected.Sum("dashboard.feed.runs", ("feed", "nguon-tot"), ("outcome", "failed")));
        Assert.Equal(1, collected.Sum("dashboard.feed.runs", ("feed", "nguon-loi"), ("outcome", "failed")));
        Assert.Equal(0, collected.Sum("dashboard.feed.runs", ("feed", "nguon-loi"), ("outcome", "succeeded")));
        // One reading per good run (the second is the same reading again: stored once, counted as ingested).
        Assert.Equal(2, collected.Sum(Ingested) - ingestedBefore);

        // Each run's lines carry its feed and its Hangfire job, whoever wrote them.
        foreach (var (jobId, feed, level) in new[] { (good, "nguon-tot", LogLevel.Information), (bad, "nguon-loi", LogLevel.Warning), (again, "nguon-tot", LogLevel.Information) })
        {
            var line = logs.Lines.Where(l => l.Category == typeof(FeedJob).FullName && l.Level == level && l.Message.Contains(feed))
                .SingleOrDefault(l => Equals(l.Scope.GetValueOrDefault("JobId"), jobId));
            Assert.True(line is not null, $"no {level} line of {feed} with job {jobId} in its scope");
            Assert.Equal(feed, line.Scope["FeedId"]);
        }
        // A request's lines carry its request id and trace id.
        await app.GetSnapshotAsync();
        var request = logs.Lines.First(l => l.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal) && l.Message.Contains("/api/v1/snapshot"));
        Assert.False(string.IsNullOrEmpty(request.Scope.GetValueOrDefault("RequestId")?.ToString()));
        Assert.Matches("^[0-9a-f]{32}$", request.Scope.GetValueOrDefault("TraceId")?.ToString());
    }

    /// <summary>Runs a feed through Hangfire, waits for its run to be recorded, and returns the Hangfire job id.</summary>
    private static async Task<string> RunFeedAsync(DashboardApp app, CapturedLogs logs, string feedId)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        long last;
        await using (var db = await dbFactory.CreateDbContextAsync())
            last = await db.FeedRuns.Where(r => r.FeedId == feedId).Select(r => (long?)r.Id).MaxAsync() ?? 0;
        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FeedJob>(j => j.RunNowAsync(feedId, null, CancellationToken.None));
        await Wait.UntilAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.FeedRuns.AnyAsync(r => r.FeedId == feedId && r.Id > last && r.FinishedAt != null);
        }, $"a finished run of {feedId}");
        // The run is counted, then its last line logged, a moment after it is recorded: wait for that line.
        await Wait.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Category == typeof(FeedJob).FullName
            && l.Level >= LogLevel.Information && Equals(l.Scope.GetValueOrDefault("JobId"), jobId) && l.Message.StartsWith($"Feed {feedId}", StringComparison.Ordinal))),
            $"the last log line of the run of {feedId}");
        return jobId;
    }

    [Fact]
    public async Task Digest_deliveries_are_counted_by_outcome()
    {
        var port = SmtpSink.FreePort();
        var metrics = new ExportedMetrics();
        using var app = new DashboardApp(settings: DigestData.Settings(port), services: metrics.AddTo);
        var job = app.Services.GetRequiredService<DigestJob>();
        var monday = new DateTimeOffset(2026, 11, 30, 7, 3, 0, TimeSpan.FromHours(7));
        var sub = await DigestData.SubscribeAsync(app, "chu-tich@que-minh.gov.vn");

        await using (var sink = await SmtpSink.StartAsync(port))
        {
            Assert.Equal(DigestOutcome.Sent, await job.RunAtAsync(sub.Id, monday, CancellationToken.None));
            Assert.Equal(DigestOutcome.AlreadySent, await job.RunAtAsync(sub.Id, monday, CancellationToken.None));
        }
        // The SMTP server is gone: the next Monday's delivery fails.
        await Assert.ThrowsAnyAsync<Exception>(() => job.RunAtAsync(sub.Id, monday.AddDays(7), CancellationToken.None));
        Assert.Equal(DigestOutcome.NothingToSend, await job.RunAtAsync(sub.Id + 1000, monday, CancellationToken.None));

        var collected = metrics.Collect(app);
        Assert.Equal(1, collected.Sum("dashboard.digest.deliveries", ("outcome", "sent")));
        Assert.Equal(1, collected.Sum("dashboard.digest.deliveries", ("outcome", "already_sent")));
        Assert.Equal(1, collected.Sum("dashboard.digest.deliveries", ("outcome", "failed")));
        Assert.Equal(1, collected.Sum("dashboard.digest.deliveries", ("outcome", "nothing_to_send")));
        Assert.Equal(4, collected.Sum("dashboard.digest.deliveries"));
    }

    [Fact]
    public async Task A_node_that_runs_jobs_is_ready_only_while_its_job_server_beats()
    {
        using var app = new DashboardApp();
        await Wait.UntilAsync(async () => (await app.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "readiness");
        Assert.Equal("Healthy", await app.Http.GetStringAsync("/health/ready"));

        // As if the server had stopped beating long ago: its entry is gone from the storage (Hangfire's own clean-up).
        var storage = app.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
            foreach (var server in storage.GetMonitoringApi().Servers())
                connection.RemoveServer(server.Name);

        var response = await app.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy: jobs", await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await app.Http.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task A_web_node_is_ready_without_any_job_server()
    {
        using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Node:Role"] = "Web" });
        Assert.Empty(app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers());
        Assert.Equal("Healthy", await app.Http.GetStringAsync("/health/ready"));
    }
}
