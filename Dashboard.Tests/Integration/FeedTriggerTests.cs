using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>The runs list on /feeds says what started each run: the page, the API, the webhook, the folder, a person, the schedule.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed partial class FeedTriggerTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    private static MultipartFormDataContent File(string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("ma_don_vi,ma_thu_tuc,ten_thu_tuc\r\nque-minh,1.001,Đăng ký khai sinh\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        return form;
    }

    [GeneratedRegex("""<tr data-run="(?<id>\d+)"[^>]*>\s*<td>[^<]*</td>\s*<td>(?<trigger>[^<]*)</td>""")]
    private static partial Regex RunRow();

    private static Dictionary<long, string> Triggers(string page) =>
        RunRow().Matches(page).ToDictionary(m => long.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m => WebUtility.HtmlDecode(m.Groups["trigger"].Value).Trim());

    [Fact]
    public async Task Each_run_on_the_feeds_page_shows_what_started_it_in_vietnamese_and_english()
    {
        // A script's import through the API.
        using (var form = File("api.csv"))
        {
            var response = await _app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=procedure", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // Records pushed to the webhook.
        (await _app.Http.PostAsJsonAsync("/api/v1/records/procedure?feed=one-stop&unit=que-minh",
            new object[] { new { ma_thu_tuc = "1.002", ten_thu_tuc = "Chứng thực" } })).EnsureSuccessStatusCode();
        // A person's upload on /import.
        using var admin = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer());
        var token = Regex.Match(await admin.GetStringAsync("/import"), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using (var form = File("trang.csv"))
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent("one-stop"), "feed");
            form.Add(new StringContent("procedure"), "kind");
            form.Add(new StringContent("que-minh"), "unit");
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/import/upload", form)).StatusCode);
        }
        // The watched folder, "run now" and the schedule, as their jobs record them.
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var at = new DateTime(2026, 11, 27, 1, 0, 0, DateTimeKind.Utc);
            foreach (var trigger in new[] { "folder", "manual", "schedule" })
                db.FeedRuns.Add(new FeedRun { FeedId = "one-stop", Trigger = trigger, StartedAt = at, FinishedAt = at, Outcome = FeedOutcome.Succeeded });
            await db.SaveChangesAsync();
        }
        Dictionary<string, long> ids;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            ids = await db.FeedRuns.Where(r => r.FeedId == "one-stop").ToDictionaryAsync(r => r.Trigger, r => r.Id);
        Assert.Equal(["api", "folder", "manual", "schedule", "upload", "webhook"], ids.Keys.Order());

        var vi = Triggers(await admin.GetStringAsync("/feeds"));
        Assert.Equal("Tải lên trên trang Nhập tệp", vi[ids["upload"]]);
        Assert.Equal("API nhập tệp", vi[ids["api"]]);
        Assert.Equal("Webhook bản ghi", vi[ids["webhook"]]);
        Assert.Equal("Thư mục theo dõi", vi[ids["folder"]]);
        Assert.Equal("Chạy tay", vi[ids["manual"]]);
        Assert.Equal("Theo lịch", vi[ids["schedule"]]);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/culture/en-US?redirect=/feeds")).StatusCode);
        var en = Triggers(await admin.GetStringAsync("/feeds"));
        Assert.Equal("Uploaded on the import page", en[ids["upload"]]);
        Assert.Equal("Import API", en[ids["api"]]);
        Assert.Equal("Records webhook", en[ids["webhook"]]);
        Assert.Equal("Watched folder", en[ids["folder"]]);
        Assert.Equal("Run now", en[ids["manual"]]);
        Assert.Equal("Scheduled", en[ids["schedule"]]);
    }
}
