using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Real servers from Debian's packages on loopback, started once per test run in a temporary folder and stopped when the
/// run ends: PostgreSQL (or the one named by DASHBOARD_TEST_POSTGRES, an admin connection string), Redis, nginx.
/// </summary>
public static class LoopbackServices
{
    private static readonly Lazy<Task<string>> Postgres = new(StartPostgresAsync);
    private static readonly Lazy<Task<string>> Redis = new(StartRedisAsync);
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private static readonly List<Process> Started = [];

    static LoopbackServices() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An admin connection string to a PostgreSQL server on loopback.</summary>
    public static Task<string> PostgresAsync() => Postgres.Value;

    /// <summary>A Redis configuration string (host:port) for a server on loopback.</summary>
    public static Task<string> RedisAsync() => Redis.Value;

    /// <summary>
    /// A new database; the connection string to it. With <paramref name="schema"/> it is a copy of one that the app's
    /// migrations (both contexts) and Hangfire's installer brought up to date once in this run: a host then starts
    /// finding nothing to apply, as on any server after its first start, instead of running every migration again
    /// (about half a second per host). Without it the database is empty.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(bool schema = false)
    {
        var admin = await PostgresAsync();
        var template = schema ? await Template.Value : null;
        var name = "dashboard_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var cs = await CreateDatabaseAsync();
        await using (var db = new PostgreSqlDashboardDbContext(
            new DbContextOptionsBuilder<PostgreSqlDashboardDbContext>().UseNpgsql(cs).Options))
            await db.Database.MigrateAsync();
        await using (var db = new PostgreSqlAccountsDbContext(
            new DbContextOptionsBuilder<PostgreSqlAccountsDbContext>().UseNpgsql(cs, x => x.MigrationsHistoryTable(AccountsDbContext.HistoryTable)).Options))
            await db.Database.MigrateAsync();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            PostgreSqlObjectsInstaller.Install(conn, JobStorageSettings.Schema);
        }
        // A template must have no session open on it while it is copied.
        NpgsqlConnection.ClearAllPools();
        return new NpgsqlConnectionStringBuilder(cs).Database!;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var conn = new NpgsqlConnection(PostgresAsync().GetAwaiter().GetResult());
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException) { }
    }

    /// <summary>Runs a program from Debian's packages, as the postgres user where PostgreSQL refuses root.</summary>
    public static Process Start(string program, IEnumerable<string> args, string? asUser = null, string? workingDirectory = null)
    {
        var argv = new List<string>();
        var file = program;
        if (asUser is not null && Environment.UserName == "root")
        {
            file = "runuser";
            argv.AddRange(["-u", asUser, "--", program]);
        }
        argv.AddRange(args);
        var info = new ProcessStartInfo(file, argv) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Started) Started.Add(process);
        return process;
    }

    private static async Task<string> StartPostgresAsync()
    {
        if (Environment.GetEnvironmentVariable("DASHBOARD_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (Debian: apt-get install postgresql).");
        var dir = Path.Combine(Path.GetTempPath(), "dashboard-tests", "pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var asUser = Environment.UserName == "root" ? "postgres" : null;
        if (asUser is not null) await RunAsync("chown", ["-R", "postgres:postgres", dir]);
        await RunAsync(asUser is null ? Path.Combine(bin, "initdb") : "runuser",
            [.. asUser is null ? Array.Empty<string>() : ["-u", asUser, "--", Path.Combine(bin, "initdb")],
             "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        var port = FreePort();
        var server = Start(Path.Combine(bin, "postgres"), ["-D", Path.Combine(dir, "data"), "-p", port.ToString(), "-k", dir,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=400"], asUser);
        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=10";
        var deadline = new Deadline(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (server.HasExited) throw new InvalidOperationException($"PostgreSQL exited with code {server.ExitCode}.");
            try
            {
                await using var conn = new NpgsqlConnection(cs);
                await conn.OpenAsync();
                return cs;
            }
            catch (Exception) when (!deadline.Passed)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<string> StartRedisAsync() => (await StartRedisServerAsync(FreePort())).Configuration;

    /// <summary>A Redis server of the caller's own, on a port it chose: to stop and start again on the same address.</summary>
    public static async Task<(Process Server, string Configuration)> StartRedisServerAsync(int port)
    {
        var server = Start("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var deadline = new Deadline(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (server.HasExited) throw new InvalidOperationException($"redis-server exited with code {server.ExitCode} (Debian: apt-get install redis-server).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return (server, $"127.0.0.1:{port}");
            }
            catch (SocketException) when (!deadline.Passed)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({p.ExitCode}): {output}");
    }

    private static void StopAll()
    {
        lock (Started)
            foreach (var p in Started)
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }
}
