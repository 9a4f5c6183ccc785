using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The wall outlives the server: the published dashboard is killed, left down until Blazor's own reconnect attempts
/// have failed (shortened here by configuration, as the test cannot wait seven minutes), and started again on the same
/// port and data. The wall comes back by itself, live, holding one circuit.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WallRestartTests : IAsyncLifetime
{
    private readonly PublishedServer _server = new(new Dictionary<string, string>
    {
        ["DemoData__Enabled"] = "false",
        // Blazor's stock loop gives up after two quick attempts instead of about seven minutes: the outage below outlasts it.
        ["Reconnect__MaxRetries"] = "2",
        ["Reconnect__RetryIntervalMs"] = "500",
        // The readiness checks after that back off to 4 s instead of 30 s: the same recovery, without waiting up to half
        // a minute for the next check once the server is back.
        ["Reconnect__RetryCap"] = "00:00:04",
    });
    private Infrastructure.Browser _browser = default!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _browser = await Infrastructure.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _server.Dispose();
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await _browser.NewPageAsync(_server.Address, 1440, 900);
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name='Input.UserName']", PublishedServer.AdminName);
        await page.FillAsync("input[name='Input.Password']", PublishedServer.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
        return page;
    }

    [Fact]
    public async Task After_a_long_outage_and_a_restart_the_wall_is_live_again_without_input_and_holds_one_circuit()
    {
        // An administrator registers the screen and a key for the source system, on the pages they would use.
        var admin = await SignedInAdminAsync();
        await admin.GotoAsync("/admin/devices");
        await admin.FillAsync("[data-role=device-form] input[name='Input.Name']", "Màn hình phòng họp");
        await admin.SelectOptionAsync("[data-role=device-form] select[name='Input.Units']", "que-minh");
        await admin.ClickAsync("[data-role=device-form] button[type=submit]");
        var link = await admin.Locator("[data-role=pairing-link]").TextContentAsync();
        await admin.GotoAsync("/admin/api-keys");
        await admin.FillAsync("[data-role=key-form] input[name='Input.Name']", "Hệ thống báo cáo");
        await admin.SelectOptionAsync("[data-role=key-form] select[name='Input.Feeds']", "*");
        await admin.SelectOptionAsync("[data-role=key-form] select[name='Input.Units']", "que-minh");
        await admin.ClickAsync("[data-role=key-form] button[type=submit]");
        var key = await admin.Locator("[data-role=secret]").TextContentAsync();
        using var api = new HttpClient { BaseAddress = _server.Address };
        api.DefaultRequestHeaders.Add("X-Api-Key", key!.Trim());
        // The server runs on its own (real) clock: the figures are for its month, whatever date the test machine has.
        var month = (await SnapshotResponse.GetAsync(api)).Month;
        async Task PostAsync(decimal value) => (await api.PostAsJsonAsync("/api/v1/readings", new
        {
            unit = "que-minh", kpi = "kien-nghi-thanh-tra", value, source = "bao-cao-xa", period = month,
        })).EnsureSuccessStatusCode();

        var wall = await _browser.NewPageAsync(_server.Address, 1920, 1080);
        await wall.GotoAsync(link!.Trim());
        await wall.GotoAsync("/wall?view=finance");
        await Expect(wall.Locator(".wall[data-interactive='true']")).ToBeVisibleAsync();
        await PostAsync(61);
        await Expect(wall.Locator("[data-kpi='kien-nghi-thanh-tra'] [data-role=value]")).ToContainTextAsync("61%");

        _server.Kill();
        await Expect(wall.Locator("#wall-connection")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 30_000 });
        // Down for longer than Blazor's own (shortened) retries last: once they have failed (Blazor marks its dialog so),
        // the page is on its own recovery.
        await Expect(wall.Locator("#components-reconnect-modal.components-reconnect-failed")).ToBeAttachedAsync(new() { Timeout = 60_000 });
        await Expect(wall.Locator("#wall-connection")).ToHaveAttributeAsync("data-state", "offline");

        await _server.StartAsync();
        // Back within the cap of the readiness checks, reloaded onto a new circuit with the same device cookie.
        await Expect(wall.Locator(".wall[data-interactive='true'] #wall-connection[data-state='online']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(wall).ToHaveURLAsync(new Regex("/wall\\?view=finance$"));
        await PostAsync(62);
        await Expect(wall.Locator("[data-kpi='kien-nghi-thanh-tra'] [data-role=value]")).ToContainTextAsync("62%");

        // The server holds exactly one circuit for the screen, and keeps holding one (no reload loop).
        await admin.GotoAsync("/admin/devices");
        await Expect(admin.Locator("[data-role=open-walls]").First).ToHaveTextAsync("1");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await admin.ReloadAsync();
        await Expect(admin.Locator("[data-role=open-walls]").First).ToHaveTextAsync("1");
        await wall.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("wall-after-restart.png") });
    }
}
