using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Integration;

/// <summary>
/// systemd stops the service with SIGTERM and kills it 90 s later; an upgrade or a reboot must not wait on a mail server
/// that does not answer. The published dashboard, as deployed, is stopped while a digest is stuck in its SMTP dialogue.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ShutdownTests : IAsyncLifetime
{
    /// <summary>A mail server that accepts connections and never says a word (not even its greeting).</summary>
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private PublishedServer _server = default!;

    public Task InitializeAsync()
    {
        _silent.Start();
        _ = AcceptAsync();
        _server = new PublishedServer(new Dictionary<string, string>
        {
            ["Store__Provider"] = "Sqlite",
            ["DemoData__Enabled"] = "false",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = ((IPEndPoint)_silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            // Far longer than any shutdown may take: only the stop itself may end the send.
            ["Smtp__Timeout"] = "00:10:00",
            // An hourly digest and a one-hour window: exactly one occurrence is due at start, whatever the hour.
            ["Digests__CatchUpWindow"] = "01:00:00",
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        _silent.Stop();
        lock (_accepted) foreach (var client in _accepted) client.Dispose();
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _silent.AcceptTcpClientAsync();
                lock (_accepted) _accepted.Add(client);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
    }

    /// <summary>The store as the app will find it: migrated, with an hourly digest saved long ago and never sent.</summary>
    private void SeedStore()
    {
        var options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_server.DataPath, "dashboard.db")};Pooling=false").Options;
        using var db = new DashboardDbContext(options);
        db.Database.Migrate();
        var saved = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        db.DigestSubscriptions.Add(new DigestSubscription
        {
            Owner = PublishedServer.AdminName, Name = "Bản tin hằng giờ", Recipients = "chu-tich@que-minh.gov.vn", UnitCode = "que-minh",
            Preset = "custom", Cron = "0 * * * *", CreatedAt = saved, UpdatedAt = saved,
        });
        db.SaveChanges();
    }

    [Fact]
    public async Task Sigterm_while_digests_wait_on_a_silent_mail_server_ends_the_process_promptly_with_exit_code_0()
    {
        SeedStore();
        await _server.StartAsync();
        // The digest due at start is being sent by a Hangfire job: its connection waits for a greeting that never comes.
        await Wait.UntilAsync(() => { lock (_accepted) return Task.FromResult(_accepted.Count > 0); },
            "the digest job connected to the silent mail server", TimeSpan.FromSeconds(120));
        // And someone pressed "send a test now": a request waiting on the same server.
        var client = await _server.SignedInClientAsync();
        var token = await DigestData.TokenAsync(client);
        var testSend = client.PostAsync("/digests/1/test", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Address"] = "chu-tich@que-minh.gov.vn",
        }));
        await Wait.UntilAsync(() => { lock (_accepted) return Task.FromResult(_accepted.Count > 1); },
            "the test send connected to the silent mail server", TimeSpan.FromSeconds(120));

        var stopping = Stopwatch.StartNew();
        _server.Terminate();
        var exitCode = await _server.WaitForExitAsync(TimeSpan.FromSeconds(90));
        stopping.Stop();
        try { await testSend; } catch (HttpRequestException) { } catch (TaskCanceledException) { }

        Assert.True(exitCode is not null, $"still running 90 s after SIGTERM:{Environment.NewLine}{_server.Output}");
        Assert.True(exitCode == 0, $"exit code {exitCode} after {stopping.Elapsed}:{Environment.NewLine}{_server.Output}");
        Assert.DoesNotContain("Unhandled exception", _server.Output);
        // Well within the host's 30 s shutdown timeout (and systemd's 90 s): nothing waited for the mail server.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopped only after {stopping.Elapsed}:{Environment.NewLine}{_server.Output}");
    }
}
