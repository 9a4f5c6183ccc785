using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Shared.Store;

/// <summary>Where the data lives: the embedded file for one commune, or a province's own database server.</summary>
public enum StoreProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public static class StoreProviders
{
    public static StoreProvider Parse(string? value, string key) =>
        Enum.TryParse<StoreProvider>(value, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new InvalidOperationException($"{key} '{value}' is not supported: use Sqlite, SqlServer or PostgreSql.");

    /// <summary>The server a connection string points at, for error messages (never the password).</summary>
    public static string Server(StoreProvider provider, string connectionString)
    {
        try
        {
            return provider switch
            {
                StoreProvider.SqlServer => new SqlConnectionStringBuilder(connectionString) is var s
                    ? $"{s.DataSource}{(string.IsNullOrEmpty(s.InitialCatalog) ? "" : "/" + s.InitialCatalog)}" : "",
                StoreProvider.PostgreSql => new NpgsqlConnectionStringBuilder(connectionString) is var n
                    ? $"{n.Host}:{n.Port}{(string.IsNullOrEmpty(n.Database) ? "" : "/" + n.Database)}" : "",
                _ => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource,
            };
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}

/// <summary>The app's tables on SQL Server; its migrations are in Migrations/SqlServer.</summary>
public sealed class SqlServerDashboardDbContext(DbContextOptions<SqlServerDashboardDbContext> options) : DashboardDbContext(options);

/// <summary>The app's tables on PostgreSQL; its migrations are in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlDashboardDbContext(DbContextOptions<PostgreSqlDashboardDbContext> options) : DashboardDbContext(options);
