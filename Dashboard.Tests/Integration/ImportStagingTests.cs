using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>An upload waiting for its mapping is its uploader's alone, and nothing of it is stored before "Nhập".</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed partial class ImportStagingTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static readonly byte[] Export = Encoding.UTF8.GetBytes(string.Join("\r\n",
        "STT,Số BN,Mã thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Hình thức nộp,Mã đơn vị",
        "1,HS-0001,1.001612,02/11/2026 08:15,05/11/2026,Trực tiếp,que-minh") + "\r\n");

    private static async Task<string> TokenAsync(HttpClient client) =>
        WebUtility.HtmlDecode(TokenField().Match(await client.GetStringAsync("/import")).Groups[1].Value);

    private async Task<HttpClient> EditorAsync(string name)
    {
        await _app.CreateUserAsync(name, Roles.Editor, "que-minh");
        return await _app.SignedInClientAsync(name, DashboardApp.Password, followRedirects: false);
    }

    private static async Task<string> UploadAsync(HttpClient client)
    {
        var file = new ByteArrayContent(Export);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client)), "__RequestVerificationToken" },
            { new StringContent("one-stop"), "feed" }, { new StringContent("dossier"), "kind" }, { new StringContent(""), "unit" },
            { file, "file", "so-theo-doi.csv" },
        };
        using var response = await client.PostAsync("/import/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/import?staged=", location);
        return location["/import?staged=".Length..];
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string staged, string action, params (string Name, string Value)[] fields)
    {
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", await TokenAsync(client)), new("staged", staged), new("action", action),
        };
        values.AddRange("STT,Số BN,Mã thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Hình thức nộp,Mã đơn vị".Split(',').Select(c => new KeyValuePair<string, string>("column", c)));
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync("/import/confirm", new FormUrlEncodedContent(values));
    }

    private async Task<int> DossiersAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Records.CountAsync(r => r.Kind == "dossier");
    }

    private static readonly (string, string)[] Mapping =
    [
        ("map.ma_ho_so", "Số BN"), ("map.ma_thu_tuc", "Mã thủ tục"), ("map.ngay_nhan", "Ngày tiếp nhận"), ("map.han_tra", "Ngày hẹn trả"),
        ("map.kenh", "Hình thức nộp"), ("map.ma_don_vi", "Mã đơn vị"),
    ];

    [Fact]
    public async Task Only_the_uploader_sees_or_imports_a_staged_file()
    {
        using var owner = await EditorAsync("van-thu-a");
        using var other = await EditorAsync("van-thu-b");
        var staged = await UploadAsync(owner);

        var page = WebUtility.HtmlDecode(await owner.GetStringAsync($"/import?staged={staged}"));
        Assert.Contains("data-role=\"mapping-form\"", page);
        Assert.Contains("so-theo-doi.csv", page);
        Assert.Contains("Chưa chọn cột cho trường bắt buộc 'Mã hồ sơ' (ma_ho_so)", page);

        var theirs = WebUtility.HtmlDecode(await other.GetStringAsync($"/import?staged={staged}"));
        Assert.DoesNotContain("data-role=\"mapping-form\"", theirs);
        Assert.DoesNotContain("so-theo-doi.csv", theirs);
        Assert.Contains("Tệp đang chờ ghép cột không còn", theirs);
        using (var refused = await ConfirmAsync(other, staged, "import", Mapping))
            Assert.Equal("/import?error=staged", refused.Headers.Location!.OriginalString);
        // A token that is not one the server made never reaches the file system.
        using (var forged = await ConfirmAsync(owner, "../../dashboard", "import", Mapping))
            Assert.Equal("/import?error=staged", forged.Headers.Location!.OriginalString);
        Assert.Equal(0, await DossiersAsync());

        // A column chosen for two fields is sent back with the reason, still nothing stored.
        using (var twice = await ConfirmAsync(owner, staged, "import", [.. Mapping, ("map.co_quan", "Số BN")]))
        {
            Assert.Equal($"/import?staged={staged}", twice.Headers.Location!.OriginalString);
            var shown = WebUtility.HtmlDecode(await owner.GetStringAsync($"/import?staged={staged}"));
            Assert.Contains("Cột 'Số BN' được chọn cho cả 'Mã hồ sơ' và 'Cơ quan xử lý'", shown);
        }
        Assert.Equal(0, await DossiersAsync());

        // The export was made on a computer set to English: its text dates put the month first.
        using var imported = await ConfirmAsync(owner, staged, "import", [.. Mapping, ("date.ngay_nhan", "thang-ngay-nam")]);
        Assert.StartsWith("/import?run=", imported.Headers.Location!.OriginalString);
        Assert.Equal(1, await DossiersAsync());
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var dossier = await db.Records.SingleAsync(r => r.Kind == "dossier");
            Assert.Contains("\"ngay_nhan\":\"2026-02-11T01:15:00Z\"", dossier.DataJson);
            Assert.Contains("\"han_tra\":\"2026-11-05\"", dossier.DataJson);
            var settings = await db.Feeds.Where(f => f.Id == "one-stop").Select(f => f.SettingsJson).SingleAsync();
            Assert.Contains("\"Dates\":{\"ngay_nhan\":\"thang-ngay-nam\"}", settings);
        }
        // Imported once: the staged file is gone.
        using (var again = await ConfirmAsync(owner, staged, "import", Mapping))
            Assert.Equal("/import?error=staged", again.Headers.Location!.OriginalString);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_app.DataPath, "uploads", "import"), staged + "*"));
    }
}
