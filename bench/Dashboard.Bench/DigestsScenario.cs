using System.Diagnostics;
using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Bench;

/// <summary>
/// Render and send personalised digests to a real SMTP server on loopback (SmtpServer, in this process): the app's own
/// services in-process (store, engine with demo data, composer, HtmlRenderer, MailKit, the delivery log), one digest
/// after another as one Hangfire worker would, each claimed, rendered, sent and marked sent.
/// </summary>
public sealed class DigestsScenario(bool smoke) : IScenario
{
    public string Name => "digests";
    public bool NeedsServer => false;

    private int Count => smoke ? 10 : 500;

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var data = Path.Combine(Path.GetTempPath(), "dashboard-bench-digests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        await using var sink = await SmtpSink.StartAsync(keep: false);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = data });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:DataPath"] = data,
            // Demo data fills every KPI and a year of records; the smoke run skips it (seconds of start-up) to stay quick.
            ["DemoData:Enabled"] = smoke ? "false" : "true",
            ["Jobs:RunServer"] = "false",
            ["Auth:FirstAdminPassword"] = "Bench-mark-2026",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Digests:BaseUrl"] = "https://bang-dieu-hanh.que-son.local",
        });
        builder.AddDashboardStore();
        builder.AddDashboardAccounts();
        builder.AddDashboardJobs();
        builder.AddDashboardWeb();
        builder.AddDashboardDigests();
        await using var app = builder.Build();
        await app.PrepareDashboardAsync();
        try
        {
            return await MeasureAsync(app, sink);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<IReadOnlyList<Result>> MeasureAsync(WebApplication app, SmtpSink sink)
    {
        // Personalised: each reader their own address, commune, language and content.
        var communes = app.Services.GetRequiredService<UnitDirectory>().Communes.Select(u => u.Code).ToList();
        var sections = app.Services.GetRequiredService<KpiCatalog>().Sections.Select(s => s.Code).ToList();
        var ids = new List<long>();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var rows = Enumerable.Range(0, Count + 1).Select(i => new DigestSubscription
            {
                Owner = "admin", Name = $"Bản tin {i}", Recipients = $"lanh-dao-{i}@que-son.gov.vn\nvan-phong-{i}@que-son.gov.vn",
                UnitCode = communes[i % communes.Count], Language = i % 5 == 4 ? "en" : "vi", Cron = "0 7 * * 1-5", Preset = "working-days",
                Content = (i % 3) switch { 0 => "all", 1 => "off-track", _ => "areas" }, Areas = string.Join(',', sections.Skip(i % sections.Count).Take(2)),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            }).ToList();
            db.DigestSubscriptions.AddRange(rows);
            await db.SaveChangesAsync();
            ids.AddRange(rows.Select(r => r.Id));
        }
        var job = app.Services.GetRequiredService<DigestJob>();
        var asOf = new DateTimeOffset(2026, 11, 30, 7, 1, 0, TimeSpan.FromHours(7));
        // One warm-up digest (JIT, the renderer's first component), not counted.
        await job.RunAtAsync(ids[0], asOf, CancellationToken.None);
        await sink.WaitForAsync(1);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                try { await Task.Delay(10, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        foreach (var id in ids.Skip(1))
            if (await job.RunAtAsync(id, asOf, CancellationToken.None) != DigestOutcome.Sent)
                throw new InvalidOperationException($"digest {id} was not sent");
        await sink.WaitForAsync(Count + 1);
        sw.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await sampling.CancelAsync();
        await sampler;
        var peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;

        var total = sw.Elapsed.TotalSeconds;
        string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("#,##0", CultureInfo.InvariantCulture) + " MiB";
        return
        [
            new Result($"Digests: render and send {Count} personalised digests to a loopback SMTP server (one worker)",
                $"{total.ToString("0.0", CultureInfo.InvariantCulture)} s in all · {(sw.Elapsed.TotalMilliseconds / Count).ToString("0.0", CultureInfo.InvariantCulture)} ms per digest",
                "recorded (no target set)", null,
                $"{communes.Count} communes{(smoke ? "" : " with demo data")}, 2 recipients each, 1 in 5 in English; each digest claimed, composed from the engine, " +
                $"rendered by HtmlRenderer, sent by MailKit and marked sent; {Mib(allocated)} allocated ({(allocated / Count / 1024.0).ToString("#,##0", CultureInfo.InvariantCulture)} KiB per digest)"),
            new Result($"Digests: peak memory while sending {Count} digests",
                $"managed heap peak {Mib(peakHeap)} ({Mib(peakHeap - heapBefore)} above the start) · process peak working set {Mib(peakWorkingSet)}",
                "recorded (no target set)", null,
                $"one process: the app's services{(smoke ? "" : " with demo data")}, the SMTP server and the benchmark; heap sampled every 10 ms"),
        ];
    }
}
