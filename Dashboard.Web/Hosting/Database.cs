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
    public Task MigrateAsync(DbContext db, bool migrate, CancellationToken ct) => ReachAsync(async () =>
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
    });

    /// <summary>
    /// Held while a node prepares the database at start-up (schema, units, roles, first administrator, feeds). Nodes
    /// started together would otherwise insert the same rows, and all but one would stop on a duplicate key. The lock is
    /// the server's own (an advisory lock, an application lock) and dies with the session if the node does. SQLite
    /// serves one node: nothing to take.
    /// </summary>
    public async Task<IAsyncDisposable> StartupLockAsync(CancellationToken ct)
    {
        var (connection, take, release) = Provider switch
        {
            StoreProvider.PostgreSql => ((DbConnection)new Npgsql.NpgsqlConnection(ConnectionString),
                $"SELECT pg_advisory_lock({StartupLockKey})", $"SELECT pg_advisory_unlock({StartupLockKey})"),
            StoreProvider.SqlServer => (new Microsoft.Data.SqlClient.SqlConnection(ConnectionString),
                "EXEC sp_getapplock @Resource = 'dashboard-startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
                "EXEC sp_releaseapplock @Resource = 'dashboard-startup', @LockOwner = 'Session'"),
            _ => (null, "", ""),
        };
        if (connection is null) return NoLock.Instance;
        try
        {
            await ReachAsync(async () =>
            {
                await connection.OpenAsync(ct);
                await ExecuteAsync(connection, take, ct);
            });
            return new ServerLock(connection, release);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Any fixed number: it names this app's start-up among whatever else shares the server.
    private const long StartupLockKey = 0x64617368_626f6172; // "dashboar"

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Waits as long as another node's migration takes.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Released explicitly: a pooled connection's session outlives its Dispose.</summary>
    private sealed class ServerLock(DbConnection connection, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await ExecuteAsync(connection, release, CancellationToken.None); }
            finally { await connection.DisposeAsync(); }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A server that cannot be reached stops the app with its name in the message.</summary>
    private async Task ReachAsync(Func<Task> work)
    {
        try
        {
            await work();
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
