using System.Data.Common;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The database chosen by configuration (<c>Store:Provider</c>, <c>ConnectionStrings:Dashboard</c>): the embedded SQLite
/// file by default, or a province's SQL Server or PostgreSQL. The app's tables and the accounts share it, each with its
/// own migrations per provider.
/// </summary>
public sealed record Database(StoreProvider Provider, string ConnectionString)
{
    public const string ConnectionName = "Dashboard";

    public static Database From(WebApplicationBuilder builder)
    {
        var store = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new();
        var provider = StoreProviders.Parse(store.Provider, "Store:Provider");
        if (provider == StoreProvider.Sqlite)
        {
            var dashboard = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
            return new(provider, SqliteSetup.ConnectionString(StoreExtensions.DataFile(builder, dashboard, store.SqlitePath)));
        }
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connection))
            throw new InvalidOperationException(
                $"Store:Provider is {provider}: ConnectionStrings:{ConnectionName} (environment ConnectionStrings__{ConnectionName}) must be set.");
        return new(provider, connection);
    }

    /// <summary>The server and database, for messages; never the password.</summary>
    public string Server => StoreProviders.Server(Provider, ConnectionString);

    public bool IsShared => Provider != StoreProvider.Sqlite;

    /// <summary>
    /// Registers <c>IDbContextFactory&lt;TBase&gt;</c> (and a scoped <typeparamref name="TBase"/>) on this provider. The
    /// subclass per server provider carries that provider's migrations.
    /// </summary>
    public void AddContext<TBase, TSqlServer, TPostgreSql>(IServiceCollection services, string? historyTable = null)
        where TBase : DbContext where TSqlServer : TBase where TPostgreSql : TBase
    {
        switch (Provider)
        {
            case StoreProvider.Sqlite:
                services.AddDbContextFactory<TBase>(o => o
                    .UseSqlite(ConnectionString, x => { if (historyTable is not null) x.MigrationsHistoryTable(historyTable); })
                    .AddInterceptors(new SqliteSetup.Pragmas()));
                return;
            case StoreProvider.SqlServer:
                services.AddDbContextFactory<TSqlServer>(o => o
                    .UseSqlServer(ConnectionString, x => { if (historyTable is not null) x.MigrationsHistoryTable(historyTable); }));
                services.AddSingleton<IDbContextFactory<TBase>>(sp => new Upcast<TSqlServer, TBase>(sp.GetRequiredService<IDbContextFactory<TSqlServer>>()));
                break;
            case StoreProvider.PostgreSql:
                services.AddDbContextFactory<TPostgreSql>(o => o
                    .UseNpgsql(ConnectionString, x => { if (historyTable is not null) x.MigrationsHistoryTable(historyTable); }));
                services.AddSingleton<IDbContextFactory<TBase>>(sp => new Upcast<TPostgreSql, TBase>(sp.GetRequiredService<IDbContextFactory<TPostgreSql>>()));
                break;
        }
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TBase>>().CreateDbContext());
    }

    /// <summary>
    /// Applies the context's migrations, or with <paramref name="migrate"/> false only checks that none is pending. A
    /// server that cannot be reached stops the app with its name in the message.
    /// </summary>
    public async Task MigrateAsync(DbContext db, bool migrate, CancellationToken ct)
    {
        try
        {
            if (migrate)
            {
                await db.Database.MigrateAsync(ct);
                return;
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                throw new InvalidOperationException(
                    $"Cơ sở dữ liệu {Provider} tại '{Server}' còn thiếu {pending.Count} bước nâng cấp ({string.Join(", ", pending)}). " +
                    $"The {Provider} database at '{Server}' lacks {pending.Count} migration(s): run `dotnet Dashboard.Web.dll migrate` " +
                    "or set Store:MigrateOnStart to true.");
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or System.Net.Sockets.SocketException
                                       || ex is InvalidOperationException && ex.InnerException is DbException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Không kết nối được cơ sở dữ liệu {Provider} tại '{Server}' / Cannot reach the {Provider} database at '{Server}' " +
                $"(Store:Provider, ConnectionStrings:{ConnectionName}): {ex.Message}", ex);
        }
    }

    private sealed class Upcast<TDerived, TBase>(IDbContextFactory<TDerived> inner) : IDbContextFactory<TBase>
        where TDerived : TBase where TBase : DbContext
    {
        public TBase CreateDbContext() => inner.CreateDbContext();

        public async Task<TBase> CreateDbContextAsync(CancellationToken ct = default) => await inner.CreateDbContextAsync(ct);
    }
}
