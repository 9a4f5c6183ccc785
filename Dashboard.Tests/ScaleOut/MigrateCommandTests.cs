using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.ScaleOut;

/// <summary>Where a DBA owns the schema: the migrate command, and nodes that refuse an out-of-date one.</summary>
[Collection(HostCollection.Name)]
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task A_node_refuses_an_empty_database_when_told_not_to_migrate_and_starts_after_the_migrate_command()
    {
        var database = await LoopbackServices.CreateDatabaseAsync();
        try
        {
            var data = Directory.CreateTempSubdirectory("dashboard-migrate-").FullName;
            var environment = new Dictionary<string, string>
            {
                ["Store__Provider"] = "PostgreSql",
                ["ConnectionStrings__Dashboard"] = database,
                ["Store__MigrateOnStart"] = "false",
                ["Dashboard__DataPath"] = data,
                ["Auth__FirstAdminPassword"] = DashboardApp.Password,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackServices.FreePort()}",
            };
            var (refused, refusal) = await PublishedServer.RunAsync([], environment, TimeSpan.FromMinutes(3));
            Assert.NotEqual(0, refused);
            Assert.Contains("lacks", refusal);
            Assert.Contains("dotnet Dashboard.Web.dll migrate", refusal);

            var (migrated, output) = await PublishedServer.RunAsync(["migrate"], environment, TimeSpan.FromMinutes(3));
            Assert.True(migrated == 0, output);
            Assert.Contains("up to date", output);
            await using var db = new NpgsqlConnection(database);
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_name IN ('readings', 'auth_users', 'data_protection_keys') OR (table_schema = 'hangfire' AND table_name = 'job')
                """, db);
            Assert.Equal(4L, (long)(await cmd.ExecuteScalarAsync())!);

            // Now the same node starts, still without migrating itself.
            using var node = new PublishedServer(environment.Where(e => e.Key != "ASPNETCORE_URLS").ToDictionary());
            await node.StartAsync();
            Assert.True(node.IsRunning);
        }
        finally
        {
            LoopbackServices.DropDatabase(database);
        }
    }
}
