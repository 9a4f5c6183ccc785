using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>The administrator's page for wall screens, over HTTP as a browser would post its form.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class WallDevicesTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> PostDeviceAsync(params (string Name, string Value)[] fields)
    {
        var page = await _app.Http.GetStringAsync("/admin/devices");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", token)).Append(new("_handler", "device"));
        using var response = await _app.Http.PostAsync("/admin/devices", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_registered_screen_gets_its_pairing_link_once_and_only_a_hash_is_stored()
    {
        var page = await PostDeviceAsync(("Input.Name", "Phòng họp tầng 2"), ("Input.Units", "que-minh"),
            ("Input.Views", "overview"), ("Input.Seconds[overview]", "25"), ("Input.Views", "scores"), ("Input.Seconds[scores]", "40"));

        var link = Regex.Match(page, "data-role=\"pairing-link\">([^<]+)<").Groups[1].Value;
        var secret = Regex.Match(link, "token=([^&\"]+)").Groups[1].Value;
        Assert.StartsWith("dwt_", Uri.UnescapeDataString(secret));
        // No public address is configured (the default, localhost, reaches no screen): the path alone, never the request's
        // own address, and the administrator is told which setting gives a full link.
        Assert.StartsWith("/wall/pair?token=", link);
        Assert.DoesNotContain(_app.BaseAddress.Authority, page);
        Assert.Contains("Đặt Digests:BaseUrl (biến môi trường Digests__BaseUrl", page);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        var device = await db.WallDevices.SingleAsync();
        Assert.Equal(("Phòng họp tầng 2", "que-minh", "overview:25,scores:40"), (device.Name, device.Units, device.Playlist));
        Assert.DoesNotContain(Uri.UnescapeDataString(secret), device.Hash);
        Assert.True(await db.Audit.AnyAsync(a => a.Action == "wall-device-created"));

        // Shown once: the list afterwards has the prefix, never the secret.
        var list = await _app.Http.GetStringAsync("/admin/devices");
        Assert.DoesNotContain(Uri.UnescapeDataString(secret), list);
        Assert.Contains(device.Prefix, list);
    }

    [Theory]
    [InlineData("", "que-minh", "overview", "25", "Cần nhập tên màn hình.")]
    [InlineData("Phòng họp", "", "overview", "25", "Cần chọn ít nhất một đơn vị.")]
    [InlineData("Phòng họp", "que-minh", "", "25", "Cần chọn ít nhất một màn trình chiếu.")]
    [InlineData("Phòng họp", "que-minh", "overview", "2", "Thời lượng của màn «Tổng quan các lĩnh vực» phải từ 5 đến 3600 giây.")]
    public async Task A_bad_form_is_refused_naming_what_is_wrong_and_nothing_is_stored(string name, string unit, string view, string seconds, string error)
    {
        var fields = new List<(string, string)> { ("Input.Name", name), ("Input.Seconds[overview]", seconds) };
        if (unit != "") fields.Add(("Input.Units", unit));
        if (view != "") fields.Add(("Input.Views", view));
        var page = await PostDeviceAsync([.. fields]);
        Assert.Contains(error, page);
        Assert.DoesNotContain("data-role=\"pairing-link\"", page);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.WallDevices.CountAsync());
    }
}
