using System.Net;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>/digests as each role uses it: a Viewer manages their own subscriptions only; forms validate and name the field.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DigestFormTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    private static async Task<HttpResponseMessage> SaveAsync(HttpClient client, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await DigestData.TokenAsync(client);
        return await client.PostAsync("/digests/save", new FormUrlEncodedContent(fields));
    }

    private static Dictionary<string, string> Form(string name, string recipients = "chu-tich@que-minh.gov.vn", string unit = "que-minh",
        string preset = "working-days", string cron = "") => new()
    {
        ["name"] = name, ["recipients"] = recipients, ["language"] = "vi", ["unit"] = unit, ["preset"] = preset, ["cron"] = cron,
        ["content"] = "off-track", ["enabled"] = "on",
    };

    private static string Outcome(HttpResponseMessage response) => Uri.UnescapeDataString(response.Headers.Location?.OriginalString ?? $"({response.StatusCode})");

    private async Task<Client> ClientAsync(string name, string role)
    {
        await _app.CreateUserAsync(name, role, "que-minh");
        return new Client(await _app.SignedInClientAsync(name, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer()));
    }

    private sealed record Client(HttpClient Http) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }

    private List<RecurringJobDto> DigestJobs()
    {
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Where(j => j.Id.StartsWith("digest-", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task A_viewer_subscribes_and_edits_and_the_recurring_job_keeps_its_id_and_follows_the_schedule()
    {
        using var viewer = await ClientAsync("lanh-dao", Roles.Viewer);

        var saved = await SaveAsync(viewer.Http, Form("Bản tin của chủ tịch"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("saved=Bản tin của chủ tịch", Outcome(saved));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var row = await db.DigestSubscriptions.AsNoTracking().SingleAsync();
        Assert.Equal("lanh-dao", row.Owner);
        Assert.Equal("0 7 * * 1-5", row.Cron);
        Assert.True(row.WorkingDaysOnly);
        var job = Assert.Single(DigestJobs());
        Assert.Equal($"digest-{row.Id}", job.Id);
        Assert.Equal("0 7 * * 1-5", job.Cron);
        Assert.Equal("Asia/Ho_Chi_Minh", job.TimeZoneId);

        var edit = Form("Bản tin của chủ tịch", preset: "month-start");
        edit["id"] = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("saved=", Outcome(await SaveAsync(viewer.Http, edit)));
        job = Assert.Single(DigestJobs());
        Assert.Equal($"digest-{row.Id}", job.Id);
        Assert.Equal("0 7 1 * *", job.Cron);
        Assert.False((await db.DigestSubscriptions.AsNoTracking().SingleAsync()).WorkingDaysOnly);

        // Chosen areas: the checkboxes post one "areas" field each.
        var areas = new List<KeyValuePair<string, string>>(edit) { new("areas", "2.1"), new("areas", "3.2") };
        areas.RemoveAll(p => p.Key is "content" or "__RequestVerificationToken");
        areas.Add(new("content", "areas"));
        areas.Add(new("__RequestVerificationToken", await DigestData.TokenAsync(viewer.Http)));
        Assert.Contains("saved=", Outcome(await viewer.Http.PostAsync("/digests/save", new FormUrlEncodedContent(areas))));
        var withAreas = await db.DigestSubscriptions.AsNoTracking().SingleAsync();
        Assert.Equal(("areas", "2.1,3.2"), (withAreas.Content, withAreas.Areas));

        var page = await viewer.Http.GetStringAsync("/digests");
        Assert.Contains("Bản tin của chủ tịch", page);
        Assert.Contains("Ngày đầu tháng, 07:00", page);
    }

    [Fact]
    public async Task A_bad_form_is_refused_with_an_error_naming_the_field()
    {
        using var viewer = await ClientAsync("lanh-dao", Roles.Viewer);

        Assert.Contains("error=Người nhận: \"chu-tich@\" không phải một địa chỉ email hợp lệ",
            Outcome(await SaveAsync(viewer.Http, Form("Bản tin", recipients: "pho-chu-tich@que-minh.gov.vn\nchu-tich@"))));
        Assert.Contains("error=Người nhận: cần ít nhất một địa chỉ email", Outcome(await SaveAsync(viewer.Http, Form("Bản tin", recipients: " \n "))));
        // A commune account may not subscribe to a sibling commune.
        Assert.Contains("error=Đơn vị: bạn không được xem đơn vị \"que-an\"", Outcome(await SaveAsync(viewer.Http, Form("Bản tin", unit: "que-an"))));
        Assert.Contains("error=Biểu thức cron: \"0 25 * * *\" không hợp lệ", Outcome(await SaveAsync(viewer.Http, Form("Bản tin", preset: "custom", cron: "0 25 * * *"))));
        Assert.Contains("error=Tên bản tin: cần nhập", Outcome(await SaveAsync(viewer.Http, Form(" "))));
        var areas = Form("Bản tin");
        areas["content"] = "areas";
        Assert.Contains("error=Nội dung: chọn ít nhất một lĩnh vực", Outcome(await SaveAsync(viewer.Http, areas)));

        // Without the antiforgery token the post is refused outright.
        var forged = await viewer.Http.PostAsync("/digests/save", new FormUrlEncodedContent(Form("Bản tin")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.False(await db.DigestSubscriptions.AnyAsync());
        Assert.Empty(DigestJobs());
    }

    [Fact]
    public async Task A_viewer_sees_and_manages_only_their_own_and_an_editor_manages_all()
    {
        using var viewer = await ClientAsync("lanh-dao", Roles.Viewer);
        using var editor = await ClientAsync("van-thu", Roles.Editor);
        var others = await DigestData.SubscribeAsync(_app, "van-phong@que-minh.gov.vn", owner: DashboardApp.AdminName);
        Assert.Contains("saved=", Outcome(await SaveAsync(viewer.Http, Form("Bản tin riêng của lãnh đạo"))));

        var viewerPage = await viewer.Http.GetStringAsync("/digests");
        Assert.Contains("Bản tin riêng của lãnh đạo", viewerPage);
        Assert.DoesNotContain(others.Name, viewerPage);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Http.GetAsync($"/digests/{others.Id}/preview")).StatusCode);
        var token = await DigestData.TokenAsync(viewer.Http);
        var delete = await viewer.Http.PostAsync($"/digests/{others.Id}/delete",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirm"] = "1" }));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var steal = Form("Chiếm bản tin");
        steal["id"] = others.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await SaveAsync(viewer.Http, steal)).StatusCode);

        var editorPage = await editor.Http.GetStringAsync("/digests");
        Assert.Contains("Bản tin riêng của lãnh đạo", editorPage);
        Assert.Contains(others.Name, editorPage);
        Assert.Equal(HttpStatusCode.OK, (await editor.Http.GetAsync($"/digests/{others.Id}/preview")).StatusCode);
        token = await DigestData.TokenAsync(editor.Http);
        delete = await editor.Http.PostAsync($"/digests/{others.Id}/delete",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirm"] = "1" }));
        Assert.Contains("deleted=", Outcome(delete));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(["lanh-dao"], await db.DigestSubscriptions.Select(s => s.Owner).ToListAsync());
    }

    [Fact]
    public async Task Deleting_takes_a_second_explicit_step_and_a_post_without_it_deletes_nothing()
    {
        using var viewer = await ClientAsync("lanh-dao", Roles.Viewer);
        Assert.Contains("saved=", Outcome(await SaveAsync(viewer.Http, Form("Bản tin sáng thứ hai"))));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var id = await db.DigestSubscriptions.Select(s => s.Id).SingleAsync();

        // The list offers a link that asks; the form that deletes appears only on the confirmation.
        var list = System.Net.WebUtility.HtmlDecode(await viewer.Http.GetStringAsync("/digests"));
        Assert.Contains($"/digests?delete={id}", list);
        Assert.DoesNotContain("data-role=\"delete-form\"", list);
        var asking = System.Net.WebUtility.HtmlDecode(await viewer.Http.GetStringAsync($"/digests?delete={id}"));
        Assert.Contains("Xoá bản tin \"Bản tin sáng thứ hai\"? Người nhận sẽ không còn nhận bản tin này và không thể hoàn tác.", asking);
        Assert.Contains("data-role=\"delete-form\"", asking);
        Assert.Contains("Xoá hẳn", asking);

        var token = await DigestData.TokenAsync(viewer.Http);
        var unconfirmed = await viewer.Http.PostAsync($"/digests/{id}/delete",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Contains("error=Chưa xoá bản tin \"Bản tin sáng thứ hai\"", Outcome(unconfirmed));
        Assert.True(await db.DigestSubscriptions.AnyAsync(s => s.Id == id));
        Assert.Single(DigestJobs());

        var confirmed = await viewer.Http.PostAsync($"/digests/{id}/delete",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirm"] = "1" }));
        Assert.Contains("deleted=Bản tin sáng thứ hai", Outcome(confirmed));
        Assert.False(await db.DigestSubscriptions.AnyAsync());
        Assert.Empty(DigestJobs());
    }
}
