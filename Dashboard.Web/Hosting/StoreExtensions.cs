using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

public static class StoreExtensions
{
    /// <summary>Catalog, units, the store (SQLite, SQL Server or PostgreSQL), the KPI engine and the change bus.</summary>
    public static WebApplicationBuilder AddDashboardStore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        services.Configure<StoreOptions>(builder.Configuration.GetSection(StoreOptions.Section));
        services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.Section));
        // Checked here: limits that cannot hold (a range ending before it starts) stop the app with the setting named.
        var limits = builder.Configuration.GetSection(IngestLimits.Section).Get<IngestLimits>() ?? new();
        if (limits.Problems().FirstOrDefault() is { } limitsProblem) throw new InvalidOperationException(limitsProblem);
        services.Configure<IngestLimits>(builder.Configuration.GetSection(IngestLimits.Section));

        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
        var seeds = Path.GetFullPath(options.SeedsPath, AppContext.BaseDirectory);
        // Loaded eagerly: a broken catalog stops the app here, with the file, KPI and field in the message.
        var catalog = CatalogLoader.LoadFile(Path.Combine(seeds, "kpi-catalog.json"));
        var units = UnitDirectory.LoadFile(Path.Combine(seeds, "units.json"));
        if (units.Find(options.HomeUnit) is null)
            throw new CatalogException("units.json", options.HomeUnit, "Dashboard:HomeUnit", "đơn vị mặc định không có trong danh mục đơn vị");
        services.AddSingleton(catalog);
        // Today is read from the app's clock; the spans are replaced from the database at start-up (UnitStore).
        services.AddSingleton(sp => units.WithClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UnitStore>();

        var database = Database.From(builder);
        services.AddSingleton(database);
        database.AddContext<DashboardDbContext, SqlServerDashboardDbContext, PostgreSqlDashboardDbContext>(services);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReadingStore>();
        services.AddSingleton<PlanTaskStore>();
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton<KpiChangeBus>();
        services.AddSingleton(sp => new PlanBook(catalog, sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), sp.GetService<NodeBus>()));
        services.AddSingleton<KpiEngine>();
        services.AddSingleton<ReadingIngestor>();

        services.AddOptions<ScoresOptions>().Bind(builder.Configuration.GetSection(ScoresOptions.Section))
            .Validate(o => o.MinCoverage is >= 0 and <= 1, "Scores:MinCoverage phải từ 0 đến 1 (0,5 = một nửa số điểm) / must be between 0 and 1.")
            .Validate(o => o.MinRecords >= 0, "Scores:MinRecords không được âm / must not be negative.")
            .ValidateOnStart();
        var scores = builder.Configuration.GetSection(ScoresOptions.Section).Get<ScoresOptions>() ?? new();
        // Shipped rubrics load here too: a broken file stops the app with the criterion and field named.
        var legacyRubrics = DataFile(builder, options, scores.UploadFolder);
        services.AddSingleton(sp => new RubricRegistry(Path.Combine(seeds, "rubrics"), legacyRubrics, catalog,
            sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>(), sp.GetService<NodeBus>()));
        services.AddSingleton<RecordCache>();
        services.AddSingleton<Scoreboard>();
        return builder;
    }

    public static string DataFile(WebApplicationBuilder builder, DashboardOptions options, string file)
    {
        var folder = Path.GetFullPath(options.DataPath, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return Path.GetFullPath(file, folder);
    }

    /// <summary>Creates or upgrades the schema, loads units, and fills the engine from the store.</summary>
    public static async Task InitializeStoreAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await services.MigrateStoreAsync(ct);
        var dbFactory = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await SeedUnitsAsync(db, services.GetRequiredService<UnitDirectory>(), ct);
        await services.GetRequiredService<UnitStore>().LoadAsync(ct);
        await services.GetRequiredService<RubricRegistry>().LoadAsync(ct);
        // Before the engine: every figure is judged against the plan in force in its year.
        await services.GetRequiredService<PlanBook>().ReloadAsync(ct);
        await services.GetRequiredService<KpiEngine>().InitializeAsync(ct);
        await services.GetRequiredService<RecordCache>().LoadAllAsync(ct);
    }

    /// <summary>
    /// Brings the app's schema up to date (or, with <c>Store:MigrateOnStart</c> false, checks it is). Several nodes may
    /// start at once: EF Core takes a lock on the database while it migrates.
    /// </summary>
    public static async Task MigrateStoreAsync(this IServiceProvider services, CancellationToken ct = default, bool? migrate = null)
    {
        var database = services.GetRequiredService<Database>();
        var apply = migrate ?? services.GetRequiredService<IOptions<StoreOptions>>().Value.MigrateOnStart;
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync(ct);
        await database.MigrateAsync(db, apply, ct);
        if (database.Provider == StoreProvider.Sqlite) await SqliteSetup.EnableWalAsync(db, ct);
    }

    private static async Task SeedUnitsAsync(DashboardDbContext db, UnitDirectory units, CancellationToken ct)
    {
        var existing = await db.Units.ToDictionaryAsync(u => u.Code, ct);
        foreach (var u in units.All)
        {
            if (!existing.TryGetValue(u.Code, out var row))
                db.Units.Add(row = new UnitRow { Code = u.Code, Kind = "", NameVi = "", NameEn = "" });
            row.Kind = u.Kind.ToString();
            row.Parent = u.Parent;
            row.NameVi = u.Name.Vi;
            row.NameEn = u.Name.En;
        }
        await db.SaveChangesAsync(ct);
    }
}
