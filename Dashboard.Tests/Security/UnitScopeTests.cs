using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Security;

/// <summary>
/// Outside the admin pages, an account reads and writes only the data of the units within its reach: manual entry,
/// digests, feed runs and their rejected rows. Quế Minh's editor against Quế An's data, as it was reproduced.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed partial class UnitScopeTests : IAsyncLifetime
{
    private const string QueMinhEditor = "van-thu";
    private const string QueAnEditor = "van-thu-que-an";

    private readonly int _port = SmtpSink.FreePort();
    private DashboardApp _app = default!;
    private readonly List<IDisposable> _clients = [];

    public async Task InitializeAsync()
    {
        _app = new DashboardApp(settings: DigestData.Settings(_port));
        await _app.CreateUserAsync(QueMinhEditor, Roles.Editor, "que-minh");
        await _app.CreateUserAsync(QueAnEditor, Roles.Editor, "que-an");
    }

    public Task DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    private readonly Dictionary<HttpClient, CookieContainer> _cookies = [];

    private async Task<HttpClient> SignInAsync(string name)
    {
        var cookies = new CookieContainer();
        var client = await _app.SignedInClientAsync(name, DashboardApp.Password, followRedirects: false, cookies: cookies);
        _clients.Add(client);
        _cookies[client] = cookies;
        return client;
    }

    private async Task<DashboardDbContext> DbAsync() =>
        await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();

    private static string Outcome(HttpResponseMessage response) =>
        Uri.UnescapeDataString(response.Headers.Location?.OriginalString ?? $"({response.StatusCode})");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        TokenField().Match(await client.GetStringAsync(page)).Groups[1].Value;

    // ---- 1. Manual entry --------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_editor_enters_figures_only_for_its_own_units_as_its_own_account_and_each_entry_is_audited()
    {
        // Quế An's history, entered by its own staff: not for Quế Minh's eyes.
        await using (var db = await DbAsync())
        {
            db.ManualEntries.Add(new ManualEntryAudit
            {
                At = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc), Who = QueAnEditor, UnitCode = "que-an", KpiCode = "sipas",
                Period = "2026-10", NewValue = 77m, Note = "Số liệu riêng của Quế An",
            });
            await db.SaveChangesAsync();
        }
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        var page = await browser.NewPageAsync(_app, signedIn: false);
        var editor = await SignInAsync(QueMinhEditor);
        await page.Context.AddCookiesAsync(CookiesOf(editor));
        await page.GotoAsync("/import");
        var form = page.Locator("[data-role='manual-form'][data-interactive='true']");
        await Expect(form).ToBeVisibleAsync();

        // Only the editor's own units are offered, and the person is the signed-in account, not a name typed in.
        Assert.Equal(["que-minh"], await form.Locator("select[name='unit'] option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.Equal(0, await form.Locator("input[name='who']").CountAsync());
        await Expect(page.Locator("[data-role='manual-audit']")).Not.ToContainTextAsync("Quế An");
        await Expect(page.Locator("[data-role='manual-audit']")).Not.ToContainTextAsync("Số liệu riêng của Quế An");

        // A unit slipped into the form from outside (the browser's tools) is refused on save, naming the field.
        await form.Locator("select[name='kpi']").SelectOptionAsync("sipas");
        await form.Locator("input[name='period']").FillAsync("2026-11");
        await form.Locator("input[name='value']").FillAsync("55");
        await form.Locator("select[name='unit']").EvaluateAsync(
            "s => { const o = document.createElement('option'); o.value = 'que-an'; o.text = 'Quế An'; s.appendChild(o); s.value = 'que-an'; s.dispatchEvent(new Event('change', { bubbles: true })); }");
        await form.Locator("button[type='submit']").ClickAsync();
        await Expect(form.Locator("[data-field='unit']")).ToContainTextAsync("que-an");
        await using (var db = await DbAsync())
            Assert.False(await db.Readings.AnyAsync(r => r.UnitCode == "que-an" && r.Source == "manual"), "a figure for Quế An was stored");

        // The editor's own unit: stored under its account, in the manual-entry history and in the audit trail.
        await form.Locator("select[name='unit']").SelectOptionAsync("que-minh");
        await form.Locator("input[name='value']").FillAsync("91,5");
        await form.Locator("button[type='submit']").ClickAsync();
        await Expect(form.Locator("[data-role='manual-saved']")).ToContainTextAsync("91,5%");
        await using (var db = await DbAsync())
        {
            var entry = await db.ManualEntries.SingleAsync(e => e.UnitCode == "que-minh");
            Assert.Equal((QueMinhEditor, "sipas", "2026-11", 91.5m), (entry.Who, entry.KpiCode, entry.Period, entry.NewValue));
        }
        await using (var accounts = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
        {
            var audit = await accounts.Audit.Where(a => a.Action == "manual-entry-saved").ToListAsync();
            var line = Assert.Single(audit);
            Assert.Equal(QueMinhEditor, line.Who);
            Assert.Contains("que-minh", line.Detail);
            Assert.Contains("sipas", line.Detail);
            Assert.Contains("2026-11", line.Detail);
        }
        var history = page.Locator("[data-role='manual-audit'] tbody tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history.First).ToContainTextAsync(QueMinhEditor);
    }

    private IEnumerable<Microsoft.Playwright.Cookie> CookiesOf(HttpClient client) =>
        _cookies[client].GetCookies(_app.BaseAddress).Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = _app.BaseAddress.Host, Path = "/", HttpOnly = c.HttpOnly, SameSite = SameSiteAttribute.Lax,
        });

    // ---- 2. Digests -------------------------------------------------------------------------------------------------

    private async Task<DigestSubscription> SubscribeAsync(string unit, string name, string recipients)
    {
        var row = await DigestData.SubscribeAsync(_app, recipients, owner: DashboardApp.AdminName);
        await using var db = await DbAsync();
        await db.DigestSubscriptions.Where(s => s.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UnitCode, unit).SetProperty(x => x.Name, name));
        return await db.DigestSubscriptions.AsNoTracking().SingleAsync(s => s.Id == row.Id);
    }

    [Fact]
    public async Task An_editor_neither_sees_nor_previews_tests_edits_nor_deletes_a_digest_of_a_unit_outside_its_reach()
    {
        var theirs = await SubscribeAsync("que-an", "Bản tin của Quế An", "bi-thu@que-an.gov.vn");
        var ours = await SubscribeAsync("que-minh", "Bản tin của Quế Minh", "chu-tich@que-minh.gov.vn");
        var editor = await SignInAsync(QueMinhEditor);

        var page = await editor.GetStringAsync("/digests");
        Assert.Contains(ours.Name, page);
        Assert.Contains("chu-tich@que-minh.gov.vn", page);
        Assert.DoesNotContain(theirs.Name, page);
        Assert.DoesNotContain("bi-thu@que-an.gov.vn", page);
        Assert.DoesNotContain("bi-thu@que-an.gov.vn", await editor.GetStringAsync($"/digests?edit={theirs.Id}"));

        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/digests/{ours.Id}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/digests/{theirs.Id}/preview")).StatusCode);

        var token = await TokenAsync(editor, "/digests");
        FormUrlEncodedContent Form(params (string, string)[] fields) =>
            new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.NotFound,
            (await editor.PostAsync($"/digests/{theirs.Id}/test", Form(("address", "bi-thu@que-an.gov.vn")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostAsync($"/digests/{theirs.Id}/delete", Form(("confirm", "1")))).StatusCode);
        var steal = Form(("id", theirs.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("name", "Chiếm"),
            ("recipients", "van-thu@que-minh.gov.vn"), ("language", "vi"), ("unit", "que-minh"), ("preset", "working-days"), ("content", "all"));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostAsync("/digests/save", steal)).StatusCode);

        await using var db = await DbAsync();
        var kept = await db.DigestSubscriptions.AsNoTracking().SingleAsync(s => s.Id == theirs.Id);
        Assert.Equal(("que-an", "bi-thu@que-an.gov.vn", "Bản tin của Quế An"), (kept.UnitCode, kept.Recipients, kept.Name));
    }

    [Fact]
    public async Task Send_a_test_now_goes_only_to_the_subscriptions_own_recipients()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        var ours = await SubscribeAsync("que-minh", "Bản tin của Quế Minh", "chu-tich@que-minh.gov.vn\npho-chu-tich@que-minh.gov.vn");
        var editor = await SignInAsync(QueMinhEditor);

        // The form offers the subscription's recipients to choose from, not a free address.
        var page = await editor.GetStringAsync("/digests");
        var select = Regex.Match(page, "<select[^>]*name=\"address\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        Assert.True(select.Success, "the test form has no list of addresses");
        Assert.Equal(["chu-tich@que-minh.gov.vn", "pho-chu-tich@que-minh.gov.vn"],
            Regex.Matches(select.Groups[1].Value, "value=\"([^\"]+)\"").Select(m => m.Groups[1].Value));

        var token = await TokenAsync(editor, "/digests");
        var outside = await editor.PostAsync($"/digests/{ours.Id}/test", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["address"] = "ai-do@example.com",
        }));
        Assert.Contains("error=", Outcome(outside));
        Assert.Contains("ai-do@example.com", Outcome(outside));
        Assert.Empty(sink.Messages);

        var own = await editor.PostAsync($"/digests/{ours.Id}/test", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["address"] = "pho-chu-tich@que-minh.gov.vn",
        }));
        Assert.Contains("tested=pho-chu-tich@que-minh.gov.vn", Outcome(own));
        await sink.WaitForAsync(1);
        Assert.Equal(["pho-chu-tich@que-minh.gov.vn"], Assert.Single(sink.Messages).Envelope);
    }

    // ---- 3. Feed runs and rejected rows -----------------------------------------------------------------------------

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private async Task<long> ImportThroughApiAsync(byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var response = await _app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=procedure", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return result.RootElement.GetProperty("runId").GetInt64();
    }

    private async Task<long> UploadOnThePageAsync(HttpClient client, byte[] content, string fileName, string unit = "")
    {
        var token = await TokenAsync(client, "/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("one-stop"), "feed" },
            { new StringContent("procedure"), "kind" }, { new StringContent(unit), "unit" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/import/upload", form);
        var location = Outcome(response);
        var run = Regex.Match(location, @"run=(\d+)");
        Assert.True(run.Success, location);
        return long.Parse(run.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool ListsRun(string feedsPage, long run) => feedsPage.Contains($"data-run=\"{run}\"");

    [Fact]
    public async Task An_editor_sees_the_runs_and_rejected_rows_of_its_own_units_only()
    {
        // One file of the province's system, with rows of both communes and a bad row for each; then one of Quế An only.
        var mixed = await ImportThroughApiAsync(Csv("ma_don_vi,ma_thu_tuc,ten_thu_tuc",
            "que-minh,1.001,Đăng ký khai sinh", "que-minh,1.002,", "que-an,2.001,Đăng ký kết hôn", "que-an,2.002,"), "thu-tuc-huyen.csv");
        var queAnOnly = await ImportThroughApiAsync(Csv("ma_don_vi,ma_thu_tuc,ten_thu_tuc", "que-an,2.003,Chứng thực", "que-an,2.004,"), "thu-tuc-que-an.csv");
        var editor = await SignInAsync(QueMinhEditor);

        // The mixed run: its counts, and the rejected rows of Quế Minh only.
        var csv = await editor.GetStringAsync($"/feeds/one-stop/runs/{mixed}/rejections.csv");
        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["3"], rows);
        var imported = await editor.GetStringAsync($"/import?run={mixed}");
        Assert.Contains("data-role=\"import-result\"", imported);
        Assert.DoesNotContain("<td>5</td>", imported);
        Assert.Contains("<td>3</td>", imported);

        // A run of Quế An alone is not Quế Minh's to read, anywhere.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/feeds/one-stop/runs/{queAnOnly}/rejections.csv")).StatusCode);
        Assert.DoesNotContain("data-role=\"import-result\"", await editor.GetStringAsync($"/import?run={queAnOnly}"));
        var feeds = await editor.GetStringAsync("/feeds");
        Assert.True(ListsRun(feeds, mixed), "the mixed run is missing from /feeds");
        Assert.False(ListsRun(feeds, queAnOnly), "Quế An's run is on Quế Minh's /feeds");

        // Quế An's editor sees its own run, and its own rows of the mixed one.
        var other = await SignInAsync(QueAnEditor);
        Assert.True(ListsRun(await other.GetStringAsync("/feeds"), queAnOnly));
        var theirs = (await other.GetStringAsync($"/feeds/one-stop/runs/{mixed}/rejections.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["5"], theirs);

        // The administrator (the province) sees everything.
        var all = (await _app.Http.GetStringAsync($"/feeds/one-stop/runs/{mixed}/rejections.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["3", "5"], all);
    }

    [Fact]
    public async Task A_whole_file_failure_is_seen_by_who_uploaded_it_or_by_the_unit_it_was_uploaded_for()
    {
        var editor = await SignInAsync(QueMinhEditor);
        var other = await SignInAsync(QueAnEditor);
        // A header and no row, and no unit chosen: the file fails whole and the run holds no unit, only who started it. (A file
        // missing a required column no longer fails: it waits for its columns to be mapped, ImportStagingTests.)
        var unitless = await UploadOnThePageAsync(editor, Csv("ma_don_vi,ma_thu_tuc,ten_thu_tuc"), "khong-co-ma.csv");
        // The same failure uploaded for Quế An by Quế An's editor.
        var forQueAn = await UploadOnThePageAsync(other, Csv("ma_don_vi,ma_thu_tuc,ten_thu_tuc"), "que-an-khong-co-ma.csv", unit: "que-an");

        var mine = await editor.GetStringAsync($"/import?run={unitless}");
        Assert.Contains("data-outcome=\"failed\"", mine);
        Assert.Contains("khong-co-ma.csv", mine);
        Assert.DoesNotContain("data-role=\"import-result\"", await other.GetStringAsync($"/import?run={unitless}"));
        Assert.DoesNotContain("data-role=\"import-result\"", await editor.GetStringAsync($"/import?run={forQueAn}"));
        var feedsOfQueMinh = await editor.GetStringAsync("/feeds");
        Assert.True(ListsRun(feedsOfQueMinh, unitless));
        Assert.False(ListsRun(feedsOfQueMinh, forQueAn));
        var feedsOfQueAn = await other.GetStringAsync("/feeds");
        Assert.False(ListsRun(feedsOfQueAn, unitless));
        Assert.True(ListsRun(feedsOfQueAn, forQueAn));
    }
}
