using Microsoft.Extensions.Options;
using Dashboard.Shared.Store;
using Dashboard.Web.Digests;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Web.Hosting;

public static class DigestsExtensions
{
    /// <summary>Email digests: SMTP and digest options, the holiday calendar and its readiness check, the composer, the mailer and the job.</summary>
    public static WebApplicationBuilder AddDashboardDigests(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SmtpOptions>(builder.Configuration.GetSection(SmtpOptions.Section));
        services.AddOptions<DigestOptions>().Bind(builder.Configuration.GetSection(DigestOptions.Section))
            .Validate(o => o.HolidayListDueMonth is >= 1 and <= 12, "Digests:HolidayListDueMonth phải là một tháng từ 1 đến 12 / must be a month from 1 to 12")
            .ValidateOnStart();
        var dashboard = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
        var seeds = Path.GetFullPath(dashboard.SeedsPath, AppContext.BaseDirectory);
        // Loaded eagerly: a broken holiday file stops the app here, with the file, entry and field in the message.
        services.AddSingleton(HolidayCalendar.LoadFolder(Path.Combine(seeds, "holidays")));
        // Degraded, still 200: a missing list for next year is work for the administrator, not a reason to stop traffic.
        services.AddSingleton<HolidayListHealthCheck>();
        services.AddHealthChecks().AddCheck<HolidayListHealthCheck>("holidays", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestMailer>();
        services.AddTransient<DigestJob>();
        services.AddSingleton<DigestCatchUp>();
        return builder;
    }

    /// <summary>
    /// After the store is prepared: every subscription's recurring job (re)registered, the occurrences missed while no job
    /// node ran caught up (on a node that runs jobs, before its Hangfire server starts), and the /digests endpoints.
    /// </summary>
    public static async Task MapDigestsAsync(this WebApplication app, CancellationToken ct = default)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(ct))
            foreach (var subscription in await db.DigestSubscriptions.AsNoTracking().ToListAsync(ct))
                DigestSchedule.Register(jobs, subscription);
        var node = app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
        if (node.RunsJobs && app.Services.GetRequiredService<IOptions<JobsOptions>>().Value.RunServer)
        {
            try
            {
                await app.Services.GetRequiredService<DigestCatchUp>().RunAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The dashboard still starts; the next start tries again (what was recorded stays recorded).
                app.Logger.LogError(ex, "Catching up the digests missed while no job node ran failed");
            }
        }
        if (node.ServesWeb) app.MapDigestEndpoints();
    }
}
