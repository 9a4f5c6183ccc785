using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The app's tables in a SQLite file of the test's own: a copy of the run's migrated file (<see cref="SqliteTemplate"/>).</summary>
public sealed class SqliteStore : IDisposable
{
    public SqliteStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, "store.db");
        SqliteTemplate.CopyTo(file);
        ConnectionString = $"Data Source={file};Pooling=false";
        Factory = new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(ConnectionString).Options);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public PooledDbContextFactory<DashboardDbContext> Factory { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
