using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Dashboard.Shared.Live;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// A revoked key, a locked or demoted account lose their open hub connection within seconds, and cannot open a new one.
/// The administrator acts through the real admin forms; "another node" is a change written straight to the database,
/// which this node only learns of at its next periodic check.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class RevocationTests : IDisposable
{
    private DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed class Listener : IAsyncDisposable
    {
        public required HubConnection Connection { get; init; }
        public Channel<KpiSnapshotDto> Received { get; } = Channel.CreateUnbounded<KpiSnapshotDto>();
        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    private async Task<Listener> ConnectAsync(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> auth)
    {
        var listener = new Listener { Connection = new HubConnectionBuilder().WithUrl(new Uri(_app.BaseAddress, "/hubs/kpi"), auth).Build() };
        listener.Connection.On<List<KpiSnapshotDto>>("kpiChanged", batch =>
        {
            foreach (var s in batch) listener.Received.Writer.TryWrite(s);
        });
        listener.Connection.Closed += _ =>
        {
            listener.Closed.TrySetResult();
            return Task.CompletedTask;
        };
        await _app.StartHubAsync(listener.Connection);
        return listener;
    }

    private Task<HttpResponseMessage> PostAsync(decimal value) =>
        _app.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026-11", value, source = "khao-sat" });

    /// <summary>The connection is live: a reading posted now reaches it.</summary>
    private async Task AssertLiveAsync(Listener listener, decimal value)
    {
        (await PostAsync(value)).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(Wait.Generous);
        KpiSnapshotDto change;
        do change = await listener.Received.Reader.ReadAsync(timeout.Token);
        while (change.Value != value);
    }

    /// <summary>Closed by the server within a generous time, and nothing posted afterwards reaches it.</summary>
    private async Task AssertCutAsync(Listener listener)
    {
        await listener.Closed.Task.WaitAsync(Wait.Generous);
        Assert.Equal(HubConnectionState.Disconnected, listener.Connection.State);
        while (listener.Received.Reader.TryRead(out _)) { }
        (await PostAsync(12.5m)).EnsureSuccessStatusCode();
        // A fresh listener with the tests' own key sees the reading: had the old one still been open, it would have too.
        await using var witness = await ConnectAsync(o => o.Headers[ApiKeys.HeaderName] = _app.ApiKey);
        await AssertLiveAsync(witness, 13.5m);
        Assert.False(listener.Received.Reader.TryRead(out _));
    }

    private async Task<string> PostAdminFormAsync(string path, string form, params (string Name, string Value)[] fields)
    {
        var page = await _app.Http.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var content = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", token)).Append(new("_handler", form));
        using var response = await _app.Http.PostAsync(path, new FormUrlEncodedContent(content));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> UserIdAsync(string name)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task A_revoked_keys_open_hub_connection_is_closed_within_seconds_and_the_key_cannot_reconnect()
    {
        var (key, secret) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("cổng dịch vụ công", ["*"], ["que-minh"], "tests");
        await using var listener = await ConnectAsync(o => o.Headers[ApiKeys.HeaderName] = secret);
        await AssertLiveAsync(listener, 91);

        await PostAdminFormAsync($"/admin/api-keys?revoke={key.Id}", $"revoke-{key.Id}");

        await AssertCutAsync(listener);
        await using var again = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseAddress, "/hubs/kpi"), o => o.Headers[ApiKeys.HeaderName] = secret).Build();
        await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
    }

    [Fact]
    public async Task A_key_revoked_on_another_node_is_cut_at_this_nodes_next_check()
    {
        _app.Dispose();
        _app = new DashboardApp(settings: new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:01" });
        var (key, secret) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("cổng dịch vụ công", ["*"], ["que-minh"], "tests");
        await using var listener = await ConnectAsync(o => o.Headers[ApiKeys.HeaderName] = secret);
        await AssertLiveAsync(listener, 91);

        // Another node revoked it: the row changes, and no event reaches this node.
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, new DateTime(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc)));

        await AssertCutAsync(listener);
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("demote")]
    public async Task A_locked_or_demoted_accounts_hub_connection_is_closed_and_its_sign_in_no_longer_works(string change)
    {
        await _app.CreateUserAsync("chu-tich", Roles.Editor, "que-minh");
        var jar = new CookieContainer();
        using var chairman = await _app.SignedInClientAsync("chu-tich", DashboardApp.Password, followRedirects: false, cookies: jar);
        var cookie = $"dashboard.auth={jar.GetCookies(_app.BaseAddress)["dashboard.auth"]!.Value}";
        await using var listener = await ConnectAsync(o => o.Headers["Cookie"] = cookie);
        await AssertLiveAsync(listener, 91);

        if (change == "lock") await PostAdminFormAsync("/admin/users", $"lock-{await UserIdAsync("chu-tich")}");
        else
            await PostAdminFormAsync("/admin/users", "save-user", ("Input.Name", "chu-tich"), ("Input.Role", Roles.Viewer), ("Input.Units", "que-minh"),
                ("Input.Password", "Mat-khau-moi-2026"));

        await AssertCutAsync(listener);
        // The cookie it still holds opens nothing any more (checked again within seconds, not half an hour).
        await Wait.UntilAsync(async () =>
        {
            using var response = await chairman.GetAsync("/feeds");
            return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/login");
        }, "the old sign-in cookie to be refused");
    }

    [Fact]
    public async Task An_account_deleted_elsewhere_loses_its_hub_connection_at_this_nodes_next_check()
    {
        _app.Dispose();
        _app = new DashboardApp(settings: new Dictionary<string, string?> { ["Auth:RevalidationInterval"] = "00:00:01" });
        await _app.CreateUserAsync("chu-tich", Roles.Viewer, "que-minh");
        var jar = new CookieContainer();
        using var chairman = await _app.SignedInClientAsync("chu-tich", DashboardApp.Password, followRedirects: false, cookies: jar);
        var cookie = $"dashboard.auth={jar.GetCookies(_app.BaseAddress)["dashboard.auth"]!.Value}";
        await using var listener = await ConnectAsync(o => o.Headers["Cookie"] = cookie);
        await AssertLiveAsync(listener, 91);

        // Removed by a database tool or another node: no event reaches this node.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DashboardUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByNameAsync("chu-tich"))!)).Succeeded);
        }

        await AssertCutAsync(listener);
    }
}
