using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Hosting;
using Hangfire.Logging;
using Hangfire.SqlServer;

namespace Dashboard.Tests.Integration;

/// <summary>
/// SQL Server cannot run on this machine. What can be checked without one is: its schema as a script (the app's, the
/// accounts' and Hangfire's), its Hangfire storage built from the app's settings, and a clear refusal to start when the
/// server cannot be reached.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SqlServerTests
{
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    private const string Unreachable = "Server=127.0.0.1,1;Database=dashboard;User Id=dashboard;Password=not-a-secret;Connect Timeout=5;TrustServerCertificate=true";

    private static Dictionary<string, string> SqlServer(string data) => new()
    {
        ["Store__Provider"] = "SqlServer",
        ["ConnectionStrings__Dashboard"] = Unreachable,
        ["Dashboard__DataPath"] = data,
        ["Auth__FirstAdminPassword"] = DashboardApp.Password,
    };

    [Fact]
    public async Task The_migrate_script_command_prints_the_whole_schema_for_sql_server_without_a_server()
    {
        var data = Directory.CreateTempSubdirectory("dashboard-sqlserver-").FullName;
        var (exit, output) = await PublishedServer.RunAsync(["migrate", "--script"], SqlServer(data));
        Assert.True(exit == 0, output);
        // The app's tables, the accounts' and Hangfire's own schema, in SQL Server's dialect, each step guarded so the
        // script can be run again.
        Assert.Contains("CREATE TABLE [readings]", output);
        Assert.Contains("CREATE TABLE [digest_deliveries]", output);
        Assert.Contains("CREATE TABLE [auth_users]", output);
        Assert.Contains("CREATE TABLE [data_protection_keys]", output);
        Assert.Contains("[__accounts_migrations]", output);
        Assert.Contains("IF NOT EXISTS", output);
        Assert.Contains("[HangFire].[Job]".Replace("HangFire", "hangfire"), output.Replace("HangFire", "hangfire"));
        Assert.DoesNotContain("not-a-secret", output);
    }

    [Fact]
    public async Task A_node_on_an_unreachable_sql_server_refuses_to_start_naming_the_server()
    {
        var data = Directory.CreateTempSubdirectory("dashboard-sqlserver-").FullName;
        var environment = SqlServer(data);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackServices.FreePort()}";
        var (exit, output) = await PublishedServer.RunAsync([], environment, TimeSpan.FromMinutes(3));
        Assert.NotEqual(0, exit);
        Assert.Contains("Cannot reach the SqlServer database at '127.0.0.1,1/dashboard'", output);
        Assert.Contains("Không kết nối được cơ sở dữ liệu SqlServer", output);
        Assert.DoesNotContain("not-a-secret", output);
    }

    [Fact]
    public void Hangfire_storage_for_sql_server_is_built_from_the_apps_settings_in_its_own_schema()
    {
        var options = JobStorageSettings.SqlServerOptions(new JobsOptions());
        Assert.Equal("hangfire", options.SchemaName);
        Assert.True(options.PrepareSchemaIfNecessary);
        // Built as the app builds it, without connecting (the schema is prepared on first use, not here).
        options.PrepareSchemaIfNecessary = false;
        // Hangfire's log provider is process-wide and an earlier host in this run left it on its own, now disposed,
        // logger factory; every host sets it again when it starts.
        LogProvider.SetCurrentLogProvider(new SilentLogProvider());
        var storage = new SqlServerStorage(Unreachable, options);
        Assert.Contains("127.0.0.1,1", storage.ToString());
    }

    private sealed class SilentLogProvider : ILogProvider, ILog
    {
        public ILog GetLogger(string name) => this;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
