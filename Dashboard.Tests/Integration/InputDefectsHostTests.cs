using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Records;
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

/// <summary>Bad input through the running app: imports, feeds and readings end with a clear outcome and keep the good data.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class InputDefectsHostTests : IAsyncLifetime
{
    private readonly FaultyAdapter _adapter = new();
    private FakeSource _source = default!;
    private DashboardApp _app = default!;

    public async Task InitializeAsync()
    {
        _source = await FakeSource.StartAsync(app =>
        {
            app.MapGet("/tron", () => Results.Json(new object[]
            {
                new { unit = "que-minh", kpi = "sipas", period = "2026-10", value = (object)90 },                        // 1: good
                new { unit = "que-minh", kpi = "sipas", period = "15/11/1999", value = (object)90 },                     // 2: a date before 2000
                new { unit = "que-minh", kpi = "bien-che", period = "0001-01", value = (object)90 },                     // 3: year 1
                new { unit = "que-minh", kpi = "sipas", period = "9999", value = (object)90 },                           // 4: year 9999
                new { unit = "que-minh", kpi = "kien-nghi-thanh-tra", period = "2026-10", value = (object)"1,250" },     // 5: 1,25 or 1250?
                new { unit = "que-minh", kpi = "tin-bai-cong-ttdt", period = "2026-10", value = (object)79_000_000_000_000_000_000_000_000_000m }, // 6
                new { unit = "que-minh", kpi = "can-bo-dat-chuan", period = "2026-10", value = (object)"97,5" },         // 7: good
            }));
            app.MapGet("/lon", () => Results.Json(Enumerable.Range(0, 5000)
                .Select(i => new { unit = "que-minh", kpi = "sipas", period = "2026-10", value = 90, note = new string('x', 40) })));
        });
        var settings = new Dictionary<string, string?>
        {
            ["Feeds:thu-loi:Kind"] = FeedKinds.Webhook,
            ["Feeds:thu-loi:TimeoutSeconds"] = "60",
        };
        foreach (var (id, path, extra) in new[] { ("nguon-tron", "/tron", (string?)null), ("nguon-lon", "/lon", "100000") })
        {
            settings[$"Feeds:{id}:Kind"] = FeedKinds.HttpJson;
            settings[$"Feeds:{id}:TimeoutSeconds"] = "30";
            settings[$"Feeds:{id}:Settings:Url"] = _source.Url(path);
            foreach (var field in new[] { "unit", "kpi", "period", "value" }) settings[$"Feeds:{id}:Settings:Fields:{field}"] = field;
            if (extra is not null) settings[$"Feeds:{id}:Settings:MaxResponseBytes"] = extra;
        }
        _app = new DashboardApp(settings: settings, services: s => s.AddSingleton<IFeedAdapter>(_adapter));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _source.DisposeAsync();
    }

    private IDbContextFactory<DashboardDbContext> Db => _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();

    private async Task<JsonElement> UploadAsync(string kind, string csv, string fileName, string feed)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var response = await _app.Http.PostAsync($"/api/v1/imports?feed={feed}&kind={kind}&unit=que-minh", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<FeedRun> RunAsync(long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.FeedRuns.Include(r => r.Rejections).AsNoTracking().SingleAsync(r => r.Id == id);
    }

    // Items 1, 2, 8: a bad date is a row error, the good rows are stored, every run ends, a file without rows says so.
    [Fact]
    public async Task A_bad_date_never_costs_the_good_rows_and_every_import_run_ends_with_a_reason()
    {
        const string header = "ma_nhiem_vu,noi_dung,ngay_giao,han_hoan_thanh";
        var result = await UploadAsync("task", string.Join("\r\n", header,
            "NV-1,Rà soát TTHC,01/11/2026,15/11/2026",
            "NV-2,Năm 1,01/01/0001,15/11/2026",
            "NV-3,Năm 9999,01/11/2026,31/12/9999",
            "nv-4,Tập huấn,02/11/2026,16/11/2026") + "\r\n", "nhiem-vu.csv", "district-tasks");

        Assert.True(result.GetProperty("succeeded").GetBoolean(), result.ToString());
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var run = await RunAsync(result.GetProperty("runId").GetInt64());
        Assert.Equal([(3, "ngay_giao"), (4, "han_hoan_thanh")], run.Rejections.OrderBy(r => r.Row).Select(r => (r.Row, r.Field)));
        Assert.All(run.Rejections, r => Assert.Contains("31/12/2100", r.Reason));
        await using (var db = await Db.CreateDbContextAsync())
            Assert.Equal(["NV-1", "NV-4"], await db.Records.Where(r => r.Kind == "task").OrderBy(r => r.RecordKey).Select(r => r.RecordKey).ToListAsync());

        var empty = await UploadAsync("task", header + "\r\n", "chi-tieu-de.csv", "district-tasks");
        Assert.False(empty.GetProperty("succeeded").GetBoolean());
        Assert.Contains("chỉ có dòng tiêu đề", empty.GetProperty("error").GetString());
        Assert.Contains("chi-tieu-de.csv", empty.GetProperty("error").GetString());

        // A stream that breaks half-way is not the file's fault, but its run still ends, failed, with a reason.
        var import = _app.Services.GetRequiredService<RecordImport>();
        var broken = await import.ImportAsync("district-tasks", "task", "que-minh", new BrokenStream(), "dut.csv", "upload");
        Assert.False(broken.Succeeded);
        Assert.Contains("không mong đợi", broken.Error);

        await using (var db = await Db.CreateDbContextAsync())
            Assert.DoesNotContain(await db.FeedRuns.ToListAsync(), r => r.FinishedAt is null || r.Outcome == FeedOutcome.Running);
    }

    [Fact]
    public async Task Json_records_keep_their_numbers_and_their_keys_are_normalised()
    {
        using var items = JsonDocument.Parse("""
            [{ "ma_phan_anh": "pa-1", "ngay_nhan": "01/11/2026", "han_xu_ly": "10/11/2026", "muc_hai_long": 97.5 },
             { "ma_phan_anh": "PA-2", "ngay_nhan": "01/11/2026", "han_xu_ly": "10/11/2026", "muc_hai_long": 1.250 },
             { "ma_phan_anh": "PA-3", "ngay_nhan": "01/11/2026", "han_xu_ly": "10/11/2026", "muc_hai_long": "97,5" }]
            """);
        var import = _app.Services.GetRequiredService<RecordImport>();

        var outcome = await import.ImportItemsAsync("one-stop", "feedback", "que-minh", items.RootElement.EnumerateArray().ToList());

        Assert.Equal((3, 0), (outcome.Accepted, outcome.Rejected));
        await using var db = await Db.CreateDbContextAsync();
        var stored = await db.Records.Where(r => r.Kind == "feedback").OrderBy(r => r.RecordKey).ToListAsync();
        Assert.Equal(["PA-1", "PA-2", "PA-3"], stored.Select(r => r.RecordKey));
        Assert.Equal([97.5m, 1.25m, 97.5m], stored.Select(r => JsonDocument.Parse(r.DataJson).RootElement.GetProperty("muc_hai_long").GetDecimal()));
    }

    /// <summary>Enqueues "run now" through Hangfire and waits for the run to be recorded.</summary>
    private async Task<FeedRun> RunFeedAsync(string feedId)
    {
        _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FeedJob>(j => j.RunNowAsync(feedId, null, CancellationToken.None));
        FeedRun? run = null;
        await Wait.UntilAsync(async () =>
        {
            await using var db = await Db.CreateDbContextAsync();
            run = await db.FeedRuns.Include(r => r.Rejections).AsNoTracking()
                .Where(r => r.FeedId == feedId && r.FinishedAt != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync();
            return run is not null;
        }, $"a finished run of {feedId}");
        return run!;
    }

    // Items 3, 4, 5, 10: bad items are rejected rows and the good ones are stored; an oversized body fails its run.
    [Fact]
    public async Task Bad_http_json_items_are_rejected_rows_and_an_oversized_body_fails_its_run()
    {
        var run = await RunFeedAsync("nguon-tron");

        Assert.True(run.Outcome == FeedOutcome.Succeeded, run.Error);
        Assert.Equal(2, run.Accepted);
        Assert.Equal([(2, "period"), (3, "period"), (4, "period"), (5, "value"), (6, "value")],
            run.Rejections.OrderBy(r => r.Row).Select(r => (r.Row, r.Field)));
        Assert.Contains("2000", run.Rejections.Single(r => r.Row == 2).Reason);
        var snapshot = await _app.GetSnapshotAsync();
        Assert.Equal(90m, snapshot.Kpi("sipas").Value);
        Assert.Equal(97.5m, snapshot.Kpi("can-bo-dat-chuan").Value);
        Assert.Null(snapshot.Kpi("tin-bai-cong-ttdt").Value);

        var big = await RunFeedAsync("nguon-lon");
        Assert.Equal(FeedOutcome.Failed, big.Outcome);
        Assert.Contains("100.000", big.Error);
        Assert.Contains("MaxResponseBytes", big.Error);
    }

    // Item 2 (FeedJob): whatever the adapter throws, and even when the job itself is stopped, the run ends.
    [Fact]
    public async Task A_feed_run_that_throws_or_is_stopped_still_ends_with_an_outcome_and_a_finish_time()
    {
        var job = _app.Services.GetRequiredService<FeedJob>();
        _adapter.Behaviour = _ => throw new InvalidOperationException("Sequence contains no elements");
        await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunNowAsync("thu-loi", null, CancellationToken.None));
        await using (var db = await Db.CreateDbContextAsync())
        {
            var run = await db.FeedRuns.Where(r => r.FeedId == "thu-loi").SingleAsync();
            Assert.Equal(FeedOutcome.Failed, run.Outcome);
            Assert.NotNull(run.FinishedAt);
            Assert.StartsWith("Lỗi không mong đợi", run.Error);
        }

        var started = new TaskCompletionSource();
        _adapter.Behaviour = async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new FeedRunResult(0, 0, []);
        };
        using var stop = new CancellationTokenSource();
        var running = job.RunNowAsync("thu-loi", null, stop.Token);
        await started.Task.WaitAsync(Wait.Generous);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await using (var db = await Db.CreateDbContextAsync())
        {
            var run = await db.FeedRuns.Where(r => r.FeedId == "thu-loi").OrderByDescending(r => r.Id).FirstAsync();
            Assert.Equal(FeedOutcome.Failed, run.Outcome);
            Assert.NotNull(run.FinishedAt);
            Assert.Contains("dừng", run.Error);
        }
        Assert.True(_app.Services.GetRequiredService<FeedHealth>().Find("thu-loi")!.LastRunFailed);
    }

    // Item 5: a reading far beyond any count is refused…
    [Fact]
    public async Task A_huge_reading_is_refused_with_a_field_error()
    {
        var response = await _app.PostReadingsAsync(new { unit = "que-minh", kpi = "tin-bai-cong-ttdt", period = "2026-10", value = 79_000_000_000_000_000_000_000_000_000m, source = "cong-ttdt" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("value", await response.Content.ReadAsStringAsync());
    }

    // … and one stored before the bound existed does not take the KPI page down (the trend chart's axis overflowed).
    [Fact]
    public async Task A_huge_stored_reading_does_not_break_the_kpi_page()
    {
        // SQLite keeps any decimal; PostgreSQL's numeric(20,4) column holds at most this much.
        var huge = TestProvider.IsPostgreSql ? 9_999_999_999_999_999m : 79_000_000_000_000_000_000_000_000_000m;
        var changes = await _app.Services.GetRequiredService<ReadingStore>().UpsertAsync(
            [new ReadingInput("que-minh", "tin-bai-cong-ttdt", "2026-10", "cong-ttdt", huge),
             new ReadingInput("que-minh", "tin-bai-cong-ttdt", "2026-09", "cong-ttdt", 3)]);
        await _app.Services.GetRequiredService<KpiEngine>().ApplyAsync(changes);

        var page = await _app.Http.GetAsync("/kpi/tin-bai-cong-ttdt?unit=que-minh&period=year&date=2026-10-15");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var print = await _app.Http.GetAsync("/kpi/tin-bai-cong-ttdt/print?unit=que-minh&period=year&date=2026-10-15");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
    }

    private sealed class FaultyAdapter : IFeedAdapter
    {
        public Func<CancellationToken, Task<FeedRunResult>> Behaviour { get; set; } = _ => Task.FromResult(new FeedRunResult(0, 0, []));

        public string Kind => FeedKinds.Webhook;

        public Task<FeedRunResult> RunAsync(FeedRow feed, CancellationToken ct) => Behaviour(ct);
    }

    /// <summary>An upload whose connection drops after the first bytes.</summary>
    private sealed class BrokenStream : Stream
    {
        private bool _sent;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent) throw new IOException("The client reset the request stream.");
            _sent = true;
            var header = "ma_nhiem_vu,noi_dung\r\n"u8;
            header.CopyTo(buffer.Span);
            return ValueTask.FromResult(header.Length);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
