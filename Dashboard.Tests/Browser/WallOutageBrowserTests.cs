using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The wall seen from across the room during an outage: the published dashboard is stopped, and the screen must stop
/// looking live on its own (the server, and with it the circuit, is gone): the figures dim at once, the clock says it is
/// stale, and after a while a large banner says the connection is lost and since when. All of it goes when the server
/// is back. The banner's delay (30 s by default) is shortened by configuration.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WallOutageBrowserTests : IAsyncLifetime
{
    private readonly PublishedServer _server = new(new Dictionary<string, string>
    {
        ["DemoData__Enabled"] = "false",
        ["Wall__OutageBannerDelay"] = "00:00:03",
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

    [Fact]
    public async Task When_the_server_goes_away_the_wall_dims_at_once_then_shows_a_banner_and_both_go_when_it_is_back()
    {
        var wall = await _browser.NewPageAsync(_server.Address, 1920, 1080);
        await wall.GotoAsync("/account/login");
        await wall.FillAsync("input[name='Input.UserName']", PublishedServer.AdminName);
        await wall.FillAsync("input[name='Input.Password']", PublishedServer.Password);
        await wall.ClickAsync("button[type=submit]");
        await Expect(wall).Not.ToHaveURLAsync(new Regex("/account/login"));
        await wall.GotoAsync("/wall?view=finance");
        await Expect(wall.Locator(".wall[data-interactive='true'] #wall-connection[data-state='online']")).ToBeVisibleAsync();
        await Expect(wall.Locator("html")).Not.ToHaveClassAsync(new Regex("wall-offline"));
        await Expect(wall.Locator("#wall-outage")).Not.ToBeVisibleAsync();

        _server.Kill();
        // At once: the figures and the clock dim, and the clock is struck through (it no longer moves).
        await Expect(wall.Locator("html")).ToHaveClassAsync(new Regex("wall-offline"), new() { Timeout = 30_000 });
        await Expect(wall.Locator(".wall-body")).ToHaveCSSAsync("opacity", new Regex(@"^0\.[0-4]"));
        await Expect(wall.Locator(".wall-clock")).ToHaveCSSAsync("text-decoration-line", "line-through");
        // Then the banner, in Vietnamese, with the time of the last update.
        var banner = wall.Locator("#wall-outage");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(banner).ToContainTextAsync("Mất kết nối máy chủ — số liệu có thể đã cũ");
        await Expect(banner).ToContainTextAsync(new Regex(@"\d{2}:\d{2}"));
        var box = await banner.BoundingBoxAsync();
        Assert.True(box is { Width: > 1000 }, $"a banner to read from across the room, not {box?.Width} px wide");
        await wall.ScreenshotAsync(new() { Path = Infrastructure.Browser.ArtifactPath("wall-outage.png") });

        await _server.StartAsync();
        await Expect(wall.Locator(".wall[data-interactive='true'] #wall-connection[data-state='online']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(wall.Locator("#wall-outage")).Not.ToBeVisibleAsync();
        await Expect(wall.Locator("html")).Not.ToHaveClassAsync(new Regex("wall-offline"));
        await Expect(wall.Locator(".wall-body")).ToHaveCSSAsync("opacity", "1");
    }
}
