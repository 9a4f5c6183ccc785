using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>HTTP JSON feeds against real sources on loopback, run through Hangfire as in production.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class HttpJsonFeedTests : IAsyncLifetime
{
    private FakeSource _source = default!;
    private readonly Dictionary<string, int> _running = new();
    private readonly Dictionary<string, int> _mostAtOnce = new();
    private int _allRunning;
    private int _allMostAtOnce;
    private readonly Dictionary<string, int> _hits = new();

    /// <summary>Counts a request to <paramref name="path"/> and says which one it is, from 1.</summary>
    private int Hit(string path)
    {
        lock (_hits) return _hits[path] = _hits.GetValueOrDefault(path) + 1;
    }

    private int Hits(string path)
    {
        lock (_hits) return _hits.GetValueOrDefault(path);
    }

    private static readonly object[] OneItem = [new { unit = "que-an", kpi = "kien-nghi-thanh-tra", period = "2026", value = 85 }];
    private DashboardApp _app = default!;

    public async Task InitializeAsync()
    {
        _source = await FakeSource.StartAsync(app =>
        {
            // Shape A: nested, paged by a next link, its own codes, ratios instead of percentages, dd/MM/yyyy dates.
            app.MapGet("/a", () => Results.Json(new
            {
                data = new { items = new object[] { new { maXa = "26254", chiTieu = "SIPAS", ngay = "15/11/2026", tyLe = "0.951" } } },
                next = "/a2",
            }));
            app.MapGet("/a2", () => Results.Json(new
            {
                data = new { items = new object[]
                {
                    new { maXa = "26254", chiTieu = "CBCC_DAT_CHUAN", ngay = "15/11/2026", tyLe = "0.97" },
                    new { maXa = "99999", chiTieu = "SIPAS", ngay = "15/11/2026", tyLe = "0.5" },
                    new { maXa = "26254", chiTieu = "SIPAS", ngay = "khong-ro", tyLe = "0.5" },
                } },
                next = (string?)null,
            }));
            // Shape B: a flat array in our own codes.
            app.MapGet("/b", () => Results.Json(new object[]
            {
                new { unit = "que-an", kpi = "kien-nghi-thanh-tra", period = "2026", value = 80 },
                new { unit = "que-an", kpi = "ho-so-tre-han", period = "2026-11", value = 3 },
            }));
            // Slow sources that count how many requests they serve at once, per path and in all.
            app.MapGet("/cham/{name}", async (string name) =>
            {
                lock (_running)
                {
                    _running[name] = _running.GetValueOrDefault(name) + 1;
                    _mostAtOnce[name] = Math.Max(_mostAtOnce.GetValueOrDefault(name), _running[name]);
                    _allRunning++;
                    _allMostAtOnce = Math.Max(_allMostAtOnce, _allRunning);
                }
                await Task.Delay(TimeSpan.FromSeconds(2));
                lock (_running)
                {
                    _running[name]--;
                    _allRunning--;
                }
                return Results.Json(new[] { new { unit = "que-minh", kpi = "sipas", period = "2026-10", value = 90 } });
            });
            app.MapGet("/error", () =>
            {
                Hit("/error");
                return Results.StatusCode(500);
            });
            // Down for a moment: one 503, then the figures.
            app.MapGet("/tam-loi", () => Hit("/tam-loi") == 1 ? Results.StatusCode(503) : Results.Json(OneItem));
            // The first request hangs far longer than an attempt may take; the next answers at once.
            app.MapGet("/treo-mot-lan", async (CancellationToken ct) =>
            {
                if (Hit("/treo-mot-lan") == 1) await Task.Delay(TimeSpan.FromSeconds(60), ct);
                return Results.Json(OneItem);
            });
            // 100 items of about 60 bytes each: far over a 1,000-byte limit.
            app.MapGet("/qua-lon", () => Results.Json(Enumerable.Range(0, 100)
                .Select(_ => new { unit = "que-an", kpi = "kien-nghi-thanh-tra", period = "2026", value = 85, note = "xxxxxxxxxx" })));
            app.MapGet("/slow", async (CancellationToken ct) => { await Task.Delay(TimeSpan.FromSeconds(20), ct); return Results.Json(Array.Empty<object>()); });
            app.MapGet("/garbage", () => Results.Text("{\"data\": [1, 2,", "application/json"));
        });

        var settings = new Dictionary<string, string?>
        {
            // Short waits so retries fit in a test; an attempt still outlasts the slow sources' 2 s.
            ["FeedHttp:RetryDelay"] = "00:00:00.050",
            ["FeedHttp:AttemptTimeout"] = "00:00:05",
            ["FeedHttp:MaxRetries"] = "3",
        };
        void Feed(string id, int timeout, params (string Key, string Value)[] entries)
        {
            settings[$"Feeds:{id}:Kind"] = "http-json";
            settings[$"Feeds:{id}:TimeoutSeconds"] = timeout.ToString();
            settings[$"Feeds:{id}:CadenceMinutes"] = "60";
            foreach (var (k, v) in entries) settings[$"Feeds:{id}:Settings:{k}"] = v;
        }
        Feed("cong-dvc-a", 10,
            ("Url", _source.Url("/a")), ("ItemsPath", "$.data.items"), ("NextPagePath", "$.next"),
            ("Fields:unit", "maXa"), ("Fields:kpi", "chiTieu"), ("Fields:period", "ngay"), ("Fields:value", "tyLe"),
            ("CodeMaps:unit:26254", "que-minh"), ("CodeMaps:kpi:SIPAS", "sipas"), ("CodeMaps:kpi:CBCC_DAT_CHUAN", "can-bo-dat-chuan"),
            ("Scale", "100"));
        Feed("he-thong-b", 10,
            ("Url", _source.Url("/b")), ("Fields:unit", "$.unit"), ("Fields:kpi", "$.kpi"), ("Fields:period", "$.period"), ("Fields:value", "$.value"));
        foreach (var name in new[] { "a", "b" })
            Feed($"cham-{name}", 30, ("Url", _source.Url($"/cham/{name}")),
                ("Fields:unit", "unit"), ("Fields:kpi", "kpi"), ("Fields:period", "period"), ("Fields:value", "value"));
        foreach (var (id, path, timeout) in new[] { ("nguon-tam-loi", "/tam-loi", 20), ("nguon-treo", "/treo-mot-lan", 30) })
            Feed(id, timeout, ("Url", _source.Url(path)),
                ("Fields:unit", "unit"), ("Fields:kpi", "kpi"), ("Fields:period", "period"), ("Fields:value", "value"));
        Feed("nguon-qua-lon", 10, ("Url", _source.Url("/qua-lon")), ("MaxResponseBytes", "1000"),
            ("Fields:unit", "unit"), ("Fields:kpi", "kpi"), ("Fields:period", "period"), ("Fields:value", "value"));
        foreach (var (id, path, timeout) in new[] { ("nguon-loi", "/error", 10), ("nguon-cham", "/slow", 1), ("nguon-hong", "/garbage", 10), ("nguon-tat", "", 10) })
            Feed(id, timeout, ("Url", path == "" ? "http://127.0.0.1:9/" : _source.Url(path)),
                ("Fields:unit", "u"), ("Fields:kpi", "k"), ("Fields:period", "p"), ("Fields:value", "v"));
        _app = new DashboardApp(settings: settings);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _source.DisposeAsync();
    }

    /// <summary>Enqueues "run now" through Hangfire and waits for the run to be recorded.</summary>
    private async Task<FeedRun> RunAsync(string feedId)
    {
        long last;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            last = await db.FeedRuns.Where(r => r.FeedId == feedId).Select(r => (long?)r.Id).MaxAsync() ?? 0;
        _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FeedJob>(j => j.RunNowAsync(feedId, null, CancellationToken.None));
        FeedRun? run = null;
        await Wait.UntilAsync(async () =>
        {
            await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            run = await db.FeedRuns.Include(r => r.Rejections).AsNoTracking()
                .Where(r => r.FeedId == feedId && r.Id > last && r.FinishedAt != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync();
            return run is not null;
        }, $"a finished run of {feedId}");
        return run!;
    }

    [Fact]
    public async Task Two_differently_shaped_sources_are_read_by_configuration_alone()
    {
        var a = await RunAsync("cong-dvc-a");
        var b = await RunAsync("he-thong-b");

        Assert.True(a.Outcome == FeedOutcome.Succeeded, a.Error);
        Assert.Equal(2, a.Accepted);
        var snapshot = await _app.GetSnapshotAsync();
        Assert.Equal(95.1m, snapshot.Kpi("sipas").Value);
        Assert.Equal("cong-dvc-a", snapshot.Kpi("sipas").Source);
        Assert.Equal("2026-11", snapshot.Kpi("sipas").Period);
        Assert.Equal(97m, snapshot.Kpi("can-bo-dat-chuan").Value);

        // The bad items of page 2 are reported with their item number, field and reason; the good ones were kept.
        Assert.Equal(2, a.Rejected);
        Assert.Contains(a.Rejections, r => r.Row == 3 && r.Field == "unit" && r.Reason.Contains("99999"));
        Assert.Contains(a.Rejections, r => r.Row == 4 && r.Field == "period" && r.Reason.Contains("khong-ro"));

        Assert.Equal(FeedOutcome.Succeeded, b.Outcome);
        Assert.Equal(1, b.Accepted);
        Assert.Equal(80m, (await _app.GetSnapshotAsync("que-an")).Kpi("kien-nghi-thanh-tra").Value);
        Assert.Contains(b.Rejections, r => r.Row == 2 && r.Field == "kpi" && r.Reason.Contains("tính từ hồ sơ"));
    }

    [Fact]
    public async Task The_same_delivery_twice_changes_nothing()
    {
        await RunAsync("he-thong-b");
        var second = await RunAsync("he-thong-b");
        Assert.Equal(FeedOutcome.Succeeded, second.Outcome);
        Assert.Equal(0, second.Changed);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Readings.CountAsync(r => r.Source == "he-thong-b"));
    }

    [Theory]
    [InlineData("nguon-loi", "HTTP 500")]
    [InlineData("nguon-cham", "hết thời gian chờ")]
    [InlineData("nguon-hong", "không phải JSON hợp lệ")]
    [InlineData("nguon-tat", "Không kết nối được")]
    [InlineData("nguon-qua-lon", "Nguồn 'nguon-qua-lon': phản hồi quá lớn")]
    public async Task A_faulty_source_fails_its_run_with_a_clear_error_and_nothing_else(string feedId, string error)
    {
        await RunAsync("he-thong-b");
        var before = await _app.GetSnapshotAsync("que-an");

        var run = await RunAsync(feedId);

        Assert.Equal(FeedOutcome.Failed, run.Outcome);
        Assert.Contains(error, run.Error);
        Assert.Equal(before.Kpi("kien-nghi-thanh-tra").Value, (await _app.GetSnapshotAsync("que-an")).Kpi("kien-nghi-thanh-tra").Value);
        var health = _app.Services.GetRequiredService<FeedHealth>().Find(feedId)!;
        Assert.True(health.LastRunFailed);
        Assert.Contains(error, health.LastError);
        // Other feeds go on as before.
        Assert.Equal(FeedOutcome.Succeeded, (await RunAsync("he-thong-b")).Outcome);
        Assert.Equal("Healthy", await _app.Http.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task A_source_that_answers_503_once_is_tried_again_and_the_run_succeeds()
    {
        var run = await RunAsync("nguon-tam-loi");

        Assert.True(run.Outcome == FeedOutcome.Succeeded, run.Error);
        Assert.Equal(1, run.Accepted);
        // The 503, then the answer: two requests in one run.
        Assert.Equal(2, Hits("/tam-loi"));
        Assert.Equal(85m, (await _app.GetSnapshotAsync("que-an")).Kpi("kien-nghi-thanh-tra").Value);
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_cut_at_the_attempt_timeout_and_the_next_one_succeeds()
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var run = await RunAsync("nguon-treo");

        // Without an attempt timeout the feed's 30 s would end the run, failed, with the first request still hanging.
        Assert.True(run.Outcome == FeedOutcome.Succeeded, run.Error);
        Assert.Equal(2, Hits("/treo-mot-lan"));
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(25), $"the run took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task A_source_that_keeps_failing_is_tried_a_bounded_number_of_times_and_the_error_says_so()
    {
        var run = await RunAsync("nguon-loi");

        Assert.Equal(FeedOutcome.Failed, run.Outcome);
        // MaxRetries = 3: the first attempt and three retries.
        Assert.Equal(4, Hits("/error"));
        Assert.Contains("HTTP 500", run.Error);
        Assert.Contains("sau 4 lần thử", run.Error);
    }

    [Fact]
    public async Task Two_feeds_of_one_kind_run_at_once_but_one_feed_never_runs_twice_at_once()
    {
        var jobs = _app.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<FeedJob>(j => j.RunNowAsync("cham-a", null, CancellationToken.None));
        jobs.Enqueue<FeedJob>(j => j.RunNowAsync("cham-a", null, CancellationToken.None));
        jobs.Enqueue<FeedJob>(j => j.RunNowAsync("cham-b", null, CancellationToken.None));

        await Wait.UntilAsync(async () =>
        {
            await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            return await db.FeedRuns.CountAsync(r => r.FeedId == "cham-b" && r.FinishedAt != null) == 1
                && await db.FeedRuns.CountAsync(r => r.FeedId == "cham-a" && r.FinishedAt != null) >= 1;
        }, "the slow feeds to finish");
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a second run of cham-a, had one been allowed to start

        lock (_running)
        {
            Assert.Equal(1, _mostAtOnce["a"]);
            Assert.True(_allMostAtOnce >= 2, "the two feeds should have been fetched at the same time");
        }
    }
}
