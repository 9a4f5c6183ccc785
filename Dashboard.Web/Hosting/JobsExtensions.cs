using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Http;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Jobs.Feeds.Manual;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Engine;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

public static class JobsExtensions
{
    /// <summary>Hangfire, its storage chosen by configuration, its server where this node runs jobs, and the feeds it runs.</summary>
    public static WebApplicationBuilder AddDashboardJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.Section));
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new();
        var dashboard = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();

        var node = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new();
        var storage = JobStorageSettings.From(builder, jobs);
        services.AddSingleton(storage);
        services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
               .UseSimpleAssemblyNameTypeSerializer()
               .UseRecommendedSerializerSettings();
            switch (storage.Provider)
            {
                case StoreProvider.Sqlite:
                    cfg.UseSQLiteStorage(storage.ConnectionString, new SQLiteStorageOptions { QueuePollInterval = jobs.PollInterval });
                    break;
                case StoreProvider.SqlServer:
                    cfg.UseSqlServerStorage(storage.ConnectionString, JobStorageSettings.SqlServerOptions(jobs));
                    break;
                case StoreProvider.PostgreSql:
                    cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(storage.ConnectionString), JobStorageSettings.PostgreSqlOptions(jobs));
                    break;
            }
        });
        if (jobs.RunServer && node.RunsJobs)
        {
            var before = services.Count;
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = jobs.PollInterval;
                o.WorkerCount = jobs.WorkerCount;
                o.ServerName = JobServerHealthCheck.ServerName(node);
            });
            BoundedStop.Wrap(services, before);
            services.AddHealthChecks().AddCheck<JobServerHealthCheck>("jobs", tags: ["ready"]);
        }

        services.AddFeedHttpClient(builder.Configuration);
        services.AddSingleton<FeedHealth>();
        services.AddSingleton<SimulatorFeed>();
        services.AddSingleton<IFeedAdapter>(sp => sp.GetRequiredService<SimulatorFeed>());
        services.AddSingleton<IFeedAdapter, HttpJsonFeed>();
        services.AddTransient<FeedJob>();
        services.Configure<ImportOptions>(builder.Configuration.GetSection(ImportOptions.Section));
        services.PostConfigure<ImportOptions>(o =>
        {
            o.WatchFolder = StoreExtensions.DataFile(builder, dashboard, string.IsNullOrWhiteSpace(o.WatchFolder) ? "inbox" : o.WatchFolder);
            Directory.CreateDirectory(o.WatchFolder);
        });
        services.AddTransient<WatchFolderJob>();
        services.AddSingleton<ManualEntry>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton<RecordImport>();
        services.AddSingleton<RecordFiguresJob>();
        services.AddSingleton<DemoRecords>();
        return builder;
    }

    /// <summary>
    /// Seeds feeds from configuration (rows staff have edited are left alone), registers each feed's recurring job,
    /// and with demo data on fills every KPI once so the first page is not empty.
    /// </summary>
    public static async Task InitializeJobsAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var demo = services.GetRequiredService<IOptions<DemoDataOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var configured = FeedOptions.FromConfiguration(services.GetRequiredService<IConfiguration>().GetSection("Feeds"), now).ToList();
        configured.Add(new FeedRow
        {
            Id = SimulatorFeed.FeedId, Kind = FeedKinds.Simulator, NameVi = "Bộ mô phỏng dữ liệu mẫu", NameEn = "Demo data simulator",
            Cron = demo.Cron, CadenceMinutes = 1, TimeoutSeconds = 60, Enabled = demo.Enabled, UpdatedAt = now,
        });

        var dbFactory = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var existing = await db.Feeds.ToDictionaryAsync(f => f.Id, ct);
            foreach (var feed in configured)
            {
                if (!existing.TryGetValue(feed.Id, out var row)) db.Feeds.Add(feed);
                else if (feed.Kind == FeedKinds.Simulator)
                {
                    // Demo data follows configuration on every start, whatever was saved before.
                    row.Enabled = feed.Enabled;
                    row.Cron = feed.Cron;
                }
            }
            await db.SaveChangesAsync(ct);
        }

        var health = services.GetRequiredService<FeedHealth>();
        await health.LoadAsync(ct);
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            foreach (var feed in await db.Feeds.AsNoTracking().ToListAsync(ct))
                JobSchedule.Register(jobs, feed);
        jobs.AddOrUpdate<WatchFolderJob>(WatchFolderJob.JobId, j => j.RunAsync(CancellationToken.None), "* * * * *",
            new RecurringJobOptions { TimeZone = Dashboard.Shared.Time.VietnamTime.Zone });
        // Hourly, because an open dossier turns late with time alone; at start, to catch up on the time the app was down.
        jobs.AddOrUpdate<RecordFiguresJob>(RecordFiguresJob.JobId, j => j.RunAsync(CancellationToken.None), "5 * * * *",
            new RecurringJobOptions { TimeZone = Dashboard.Shared.Time.VietnamTime.Zone });
        // Catching up belongs to the nodes that run jobs; a web node only shows what they store.
        if (!services.GetRequiredService<IOptions<NodeOptions>>().Value.RunsJobs) return;
        if (demo.Enabled) await services.GetRequiredService<SimulatorFeed>().RunAsync(ct);
        await services.GetRequiredService<RecordFiguresJob>().RunAsync(ct);
    }

    /// <summary>
    /// Hangfire's hosted service, stopped within what is left of the host's shutdown timeout. Hangfire's own StopAsync
    /// throws when the host's token fires first (another service, e.g. the web server waiting on its requests, used the
    /// time up): that exception ended the process with "Unhandled exception" and exit code 134 instead of 0. Its workers
    /// have been told to stop by then; a job still running is picked up again later (a digest keeps its claim).
    /// </summary>
    public sealed class BoundedStop(IHostedService inner, ILogger<BoundedStop> logger) : IHostedService, IDisposable
    {
        /// <summary>Replaces the hosted services registered from <paramref name="from"/> on by this wrapper, in place.</summary>
        public static void Wrap(IServiceCollection services, int from)
        {
            for (var i = from; i < services.Count; i++)
            {
                var added = services[i];
                if (added.ServiceType != typeof(IHostedService) || added.IsKeyedService) continue;
                services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => new BoundedStop(
                    added.ImplementationInstance as IHostedService
                        ?? added.ImplementationFactory?.Invoke(sp) as IHostedService
                        ?? (IHostedService)ActivatorUtilities.CreateInstance(sp, added.ImplementationType!),
                    sp.GetRequiredService<ILogger<BoundedStop>>()));
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                await inner.StopAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Hangfire's server did not stop within the host's shutdown timeout; the jobs it was running will run again later");
            }
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }

    /// <summary>
    /// Hangfire's default filter admits "local" requests, and behind a reverse proxy on the same host every request
    /// looks local. The console is for signed-in administrators only, wherever the request comes from.
    /// </summary>
    public sealed class AdminOnlyFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && user.IsInRole(Accounts.Roles.Admin);
        }
    }
}
