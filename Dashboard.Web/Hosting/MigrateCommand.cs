using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Hangfire;
using Hangfire.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>dotnet Dashboard.Web.dll migrate</c> brings the configured database up to date and exits; <c>migrate --script</c>
/// prints the SQL instead (idempotent), for a DBA who applies changes by hand. Neither starts the web server or the jobs.
/// </summary>
public static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "migrate";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        var database = services.GetRequiredService<Database>();
        if (args.Contains("--script"))
        {
            Console.WriteLine(await ScriptAsync(services));
            return 0;
        }
        await services.MigrateStoreAsync(migrate: true);
        await services.MigrateAccountsAsync(migrate: true);
        // Hangfire prepares its own schema when its storage is first built.
        _ = services.GetRequiredService<JobStorage>();
        Console.WriteLine($"{database.Provider} '{database.Server}': up to date.");
        return 0;
    }

    /// <summary>The app's and the accounts' migrations as one script (idempotent on the servers), and on SQL Server Hangfire's schema too.</summary>
    public static async Task<string> ScriptAsync(IServiceProvider services)
    {
        var parts = new List<string>();
        await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            parts.Add(Script(db));
        await using (var db = await services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
            parts.Add(Script(db));
        var jobs = services.GetRequiredService<JobStorageSettings>();
        if (jobs.Provider == StoreProvider.SqlServer)
            parts.Add(SqlServerObjectsInstaller.GetInstallScript(JobStorageSettings.Schema, enableHeavyMigrations: false));
        return string.Join(Environment.NewLine + Environment.NewLine, parts);
    }

    // SQLite cannot guard each step (EF Core has no idempotent scripts for it): its script is the whole history.
    private static string Script(DbContext db) =>
        db.GetService<IMigrator>().GenerateScript(options: db.Database.IsSqlite()
            ? MigrationsSqlGenerationOptions.Default : MigrationsSqlGenerationOptions.Idempotent);
}
