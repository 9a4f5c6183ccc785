using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.ScaleOut;

/// <summary>
/// After an install or an upgrade, an operator starts every node at once (systemd, a deployment script): they all find an
/// empty or out-of-date database and must not trip over each other creating its schema, roles and first administrator.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SimultaneousStartTests
{
    [Fact]
    public async Task Three_nodes_started_together_on_an_empty_database_all_come_up_with_one_schema_and_one_administrator()
    {
        var database = await LoopbackServices.CreateDatabaseAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => new PublishedServer(new Dictionary<string, string>
        {
            ["Store__Provider"] = "PostgreSql",
            ["ConnectionStrings__Dashboard"] = database,
            ["DemoData__Enabled"] = "false",
        })).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync()));
            Assert.All(nodes, n => Assert.True(n.IsRunning, n.Output));

            await using var db = new NpgsqlConnection(database);
            await db.OpenAsync();
            async Task<long> CountAsync(string sql)
            {
                await using var cmd = new NpgsqlCommand(sql, db);
                return (long)(await cmd.ExecuteScalarAsync())!;
            }
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM auth_users"));
            Assert.Equal(1, await CountAsync("""
                SELECT count(*) FROM auth_user_roles ur JOIN auth_roles r ON r."Id" = ur."RoleId" WHERE r."Name" = 'Admin'
                """));
            Assert.Equal(await CountAsync("SELECT count(DISTINCT \"NormalizedName\") FROM auth_roles"), await CountAsync("SELECT count(*) FROM auth_roles"));
            // Every node answers a signed-in page: they share one schema and one set of accounts.
            foreach (var node in nodes)
            {
                using var http = await node.SignedInClientAsync();
                Assert.True((await http.GetAsync("")).IsSuccessStatusCode, node.Output);
            }
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            LoopbackServices.DropDatabase(database);
        }
    }
}
