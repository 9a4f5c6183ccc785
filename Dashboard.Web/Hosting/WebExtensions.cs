using System.Globalization;
using Dashboard.Web.Accounts;
using Dashboard.Web.Api;
using Dashboard.Web.Components;
using Dashboard.Web.Live;
using Dashboard.Web.Reports;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Dashboard.Web.Hosting;

public static class WebExtensions
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-US")];

    /// <summary>Pages, the hub, the API, localization (Vietnamese first) and health checks.</summary>
    public static WebApplicationBuilder AddDashboardWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IngestOptions>(builder.Configuration.GetSection(IngestOptions.Section));
        services.AddRazorComponents().AddInteractiveServerComponents();
        // E.g. Circuits:DisconnectedCircuitRetentionPeriod (3 minutes by default): how long a lost page can come back to its circuit.
        services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(builder.Configuration.GetSection("Circuits"));
        services.Configure<ReconnectOptions>(builder.Configuration.GetSection(ReconnectOptions.Section));
        // Keys in the data folder (one node) or the shared database (several): sign-ins and wall screens' cookies outlive
        // a restart, work on every node, and are backed up with the data.
        var dashboard = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
        var protection = services.AddDataProtection().SetApplicationName("dashboard");
        if (Database.From(builder).IsShared) protection.PersistKeysToDbContext<AccountsDbContext>();
        else protection.PersistKeysToFileSystem(new DirectoryInfo(StoreExtensions.DataFile(builder, dashboard, "keys")));
        // Vietnamese text goes out as UTF-8, not as &#x...; entities: smaller pages, readable markup.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddMudServices();
        services.AddLocalization();
        services.AddSignalR();
        services.AddHostedService<KpiHubBroadcaster>();
        // Problems in Vietnamese first: the framework's English titles become "Tiếng Việt / English" ones, with a trace id.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
        services.AddResponseCompression(o => o.EnableForHttps = true);
        services.AddSingleton<ImportStaging>();
        // The overview's sparklines: one copy per unit and KPI for all its live pages, not one per page.
        services.AddSingleton<Dashboard.Web.Components.Charts.SharedMonthlyFigures>();
        // Ready: the store answers and takes writes, and the data folder's disk has room (docs/production.md, "Health").
        services.Configure<HealthOptions>(builder.Configuration.GetSection(HealthOptions.Section));
        services.AddSingleton<IFreeSpace, DriveFreeSpace>();
        services.AddSingleton<StoreHealthCheck>();
        services.AddSingleton<DiskSpaceHealthCheck>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]).AddCheck<DiskSpaceHealthCheck>("disk", tags: ["ready"]);
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Only the user's explicit choice switches language; the browser's Accept-Language does not.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return builder;
    }

    /// <summary>Prepares the store and jobs before the first request.</summary>
    public static async Task PrepareDashboardAsync(this WebApplication app)
    {
        await using var startup = await app.Services.GetRequiredService<Database>().StartupLockAsync(app.Lifetime.ApplicationStopping);
        await app.Services.InitializeStoreAsync();
        await app.Services.InitializeAccountsAsync();
        await app.Services.InitializeJobsAsync();
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NodeOptions>>().Value;
        // With several nodes, which one answered: for checking the load balancer's stickiness (a name the operator chose).
        if (node.Name is { Length: > 0 } name)
            app.Use((ctx, next) =>
            {
                ctx.Response.Headers["X-Dashboard-Node"] = name;
                return next(ctx);
            });
        // Health answers are a status word (and the names of the failing checks) only: nothing about the data or the version.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthText.WriteAsync })
            .AllowAnonymous();
        // A jobs node serves nothing but its health: the load balancer never sends people there.
        if (!node.ServesWeb) return app;

        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseNoStore();
        app.UseHttpsRequired();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseResponseCompression();
        // An unknown page gets the Vietnamese "not found" page; the API keeps its own (empty or problem) answers.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((ctx, next) =>
        {
            // Re-executing a form post as the not-found page would read its form (and antiforgery) a second time.
            if ((ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs") || !HttpMethods.IsGet(ctx.Request.Method))
                && ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                pages.Enabled = false;
            return next(ctx);
        });
        app.UseApiErrors();
        app.UseRequestLocalization();
        app.UseSignInThrottle();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFirstPasswordChange();
        app.UseImportBodyLimit();
        app.UseAntiforgery();

        // Static assets are public: the sign-in page needs its styles before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<KpiHub>(KpiHub.Path).RequireAuthorization(Accounts.Roles.CanRead);
        app.MapDashboardApi();
        app.MapImportApi();
        app.MapReportExports();
        app.MapScoresAdminApi();
        app.MapPlansAdminApi();
        app.MapPlanTaskEndpoints();
        app.MapAccountEndpoints();
        app.MapGet("/culture/{name}", SetCulture).AllowAnonymous();
        app.MapHangfireDashboard("/jobs", new Hangfire.DashboardOptions
        {
            Authorization = [new JobsExtensions.AdminOnlyFilter()],
            DashboardTitle = "Dashboard jobs",
            // The storage line of the console names the server's hangfire.db path (or a database connection string).
            DisplayStorageConnectionString = false,
        });
        return app;
    }

    /// <summary>Remembers the chosen language in a cookie and returns to the page (local URLs only).</summary>
    private static IResult SetCulture(string name, string? redirect, HttpContext http)
    {
        var culture = Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || c.TwoLetterISOLanguageName.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (culture is null) return Results.NotFound();
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        // Anything but a path on this site (another host, "/\host", control characters) goes to the overview.
        return Results.LocalRedirect(LocalUrl.OrRoot(redirect));
    }
}
