using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The app's SQLite file with every migration of both contexts applied, made once per test run and copied for each new
/// host or store: a host then starts finding nothing to apply, as on any server after its first start, instead of
/// running every migration again (about 0.15 s a host). Only the schema: units, roles and the first administrator are
/// still written by the host's own start-up. The PostgreSQL pass does the same with a template database
/// (<see cref="LoopbackServices.CreateDatabaseAsync"/>).
/// </summary>
public static class SqliteTemplate
{
    private static readonly Lazy<string> Path = new(Create);

    /// <summary>Writes a migrated copy at <paramref name="path"/> (which must not exist yet).</summary>
    public static void CopyTo(string path) => File.Copy(Path.Value, path);

    private static string Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dashboard-tests", "template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = System.IO.Path.Combine(folder, "dashboard.db");
        // Unpooled: the file is whole once the last connection closes, before anyone copies it.
        var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using (var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(cs).Options))
            db.Database.Migrate();
        using (var db = new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>()
                   .UseSqlite(cs, x => x.MigrationsHistoryTable(AccountsDbContext.HistoryTable)).Options))
            db.Database.Migrate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return file;
    }
}
