using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Yearly plans on a real host, through the forms of /admin/plans: a 2026 plan imported and published judges 2026's figures
/// against its targets while 2023's keep the 2023 plan's; a bad file or form stores nothing and says which KPI and field;
/// every change is audited. The clock is the tests' (27/11/2026 in Vietnam).
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class YearlyPlanTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
    private readonly HttpClient _admin;

    public YearlyPlanTests() =>
        _admin = _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer())
            .GetAwaiter().GetResult();

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private async Task<string> TokenAsync(string page = "/admin/plans") =>
        Regex.Match(await _admin.GetStringAsync(page), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    private async Task<HttpResponseMessage> ImportAsync(string json, string name)
    {
        var form = new MultipartFormDataContent { { new StringContent(await TokenAsync()), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", name);
        return await _admin.PostAsync("/admin/plans/import", form);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> fields, string tokenPage = "/admin/plans")
    {
        fields["__RequestVerificationToken"] = await TokenAsync(tokenPage);
        return await _admin.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static string Location(HttpResponseMessage r) => Uri.UnescapeDataString(r.Headers.Location?.OriginalString ?? $"(no redirect: {(int)r.StatusCode})");

    private async Task<JsonObject> InForceAsync(int year) =>
        JsonNode.Parse(await _admin.GetStringAsync($"/admin/plans/in-force/{year}.json"))!.AsObject();

    private static JsonObject Kpi(JsonObject plan, string code) => plan["kpis"]!.AsArray().Single(k => (string?)k!["code"] == code)!.AsObject();

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await db.Audit.Where(e => e.Action.StartsWith("plan-")).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_published_2026_plan_judges_2026_against_its_target_and_2023_keeps_the_2023_one()
    {
        // The same SIPAS, 92 %, for 2023 (Quế An) and for 2026 (Quế Minh): both met against the 2023 plan's "> 90".
        foreach (var (unit, period) in new[] { ("que-an", "2023"), ("que-minh", "2026") })
            (await _app.PostReadingsAsync(new { unit, kpi = "sipas", period, value = 92, source = "khao-sat-sipas" })).EnsureSuccessStatusCode();
        Assert.Equal("Met", (await _app.GetSnapshotAsync("que-minh")).Kpi("sipas").Status);

        // The 2026 plan, exported from the one in force and edited as a province would: SIPAS above 95, one KPI retired.
        var plan = await InForceAsync(2023);
        plan["year"] = 2026;
        Kpi(plan, "sipas")["target"]!["value"] = 95;
        Kpi(plan, "ho-so-so-hoa")["included"] = false;
        var imported = await ImportAsync(plan.ToJsonString(), "ke-hoach-2026.json");
        var draftUrl = Location(imported);
        Assert.Matches(@"^/admin/plans/\d+\?imported=1$", draftUrl);
        var id = long.Parse(Regex.Match(draftUrl, @"\d+").Value);
        // A draft changes nothing yet.
        Assert.Equal("Met", (await _app.GetSnapshotAsync("que-minh")).Kpi("sipas").Status);

        var published = await PostAsync($"/admin/plans/{id}/publish", new(), $"/admin/plans/{id}?publish=1");
        Assert.Equal("/admin/plans?published=2026", Location(published));

        var now = (await _app.GetSnapshotAsync("que-minh")).Kpi("sipas");
        var then = (await _app.GetSnapshotAsync("que-an")).Kpi("sipas");
        Assert.Equal(("Warning", "gt", 95m), (now.Status, now.TargetOp, now.TargetValue));
        Assert.Equal(("Met", "gt", 90m), (then.Status, then.TargetOp, then.TargetValue));
        // 2026's tiles are the 2026 plan's KPIs: the retired one is gone from the overview's list.
        var snapshot = await _app.GetSnapshotAsync("que-minh");
        Assert.DoesNotContain(snapshot.Kpis, k => k.Kpi == "ho-so-so-hoa");
        Assert.Equal(29, snapshot.Kpis.Count);
        Assert.Equal("que-minh-2023+2026", snapshot.CatalogVersion);

        // The detail page judges each year's figure by that year's plan.
        var page2023 = await _admin.GetStringAsync("/kpi/sipas?unit=que-an&period=year&date=2023-12-31");
        var page2026 = await _admin.GetStringAsync("/kpi/sipas?unit=que-minh&period=year&date=2026-11-27");
        Assert.Matches("data-role=\"target\">&gt; 90", page2023);
        Assert.Matches("data-role=\"target\">&gt; 95", page2026);
        // So does the workbook sent to the district.
        Assert.Equal("> 90%", await WorkbookTargetAsync("/export/kpi/sipas.xlsx?unit=que-an&period=year&date=2023-12-31"));
        Assert.Equal("> 95%", await WorkbookTargetAsync("/export/kpi/sipas.xlsx?unit=que-minh&period=year&date=2026-11-27"));

        // The list shows the plan in force and the shipped one superseded by nothing before 2026.
        var list = await _admin.GetStringAsync("/admin/plans");
        Assert.Contains($"data-plan=\"{id}\" data-year=\"2026\" data-state=\"published\"", list);

        var audit = await AuditAsync();
        Assert.Equal(["plan-imported", "plan-published"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(DashboardApp.AdminName, a.Who));
        Assert.Contains("ke-hoach-2026.json", audit[0].Detail);
    }

    [Fact]
    public async Task A_draft_copied_and_edited_on_the_form_is_saved_and_a_bad_value_changes_nothing()
    {
        var created = await PostAsync("/admin/plans/create", new() { ["year"] = "2027", ["from"] = "2023" });
        var id = long.Parse(Regex.Match(Location(created), @"/admin/plans/(\d+)\?created=1").Groups[1].Value);
        var page = await _admin.GetStringAsync($"/admin/plans/{id}");

        // The form as the page renders it: every field of every KPI, then one target changed.
        var fields = Fields(page);
        Assert.Equal("90", fields["target.sipas"]);
        fields["target.sipas"] = "93,5";
        var saved = await PostAsync($"/admin/plans/{id}/save", fields, $"/admin/plans/{id}");
        Assert.Equal($"/admin/plans/{id}?saved=1", Location(saved));
        Assert.Contains("value=\"93.5\"", await _admin.GetStringAsync($"/admin/plans/{id}"));

        // An amber above a "more than" target is refused, naming the KPI and field; the saved draft stays.
        fields = Fields(await _admin.GetStringAsync($"/admin/plans/{id}"));
        fields["amber.sipas"] = "99";
        fields["target.ho-so-tre-han"] = "nam";
        var refused = Location(await PostAsync($"/admin/plans/{id}/save", fields, $"/admin/plans/{id}"));
        Assert.Contains("KPI 'Hồ sơ TTHC trễ hẹn' (ho-so-tre-han), trường 'target.value'", refused);
        Assert.Contains("'nam' không phải là số", refused);
        fields["target.ho-so-tre-han"] = "5";
        refused = Location(await PostAsync($"/admin/plans/{id}/save", fields, $"/admin/plans/{id}"));
        Assert.Contains("trường 'amber'): ngưỡng cảnh báo phải nhỏ hơn hoặc bằng chỉ tiêu", refused);
        Assert.Contains("value=\"93.5\"", await _admin.GetStringAsync($"/admin/plans/{id}"));

        // A second draft for the same year is refused; a bad file too, naming the file, the KPI and the field.
        Assert.Contains("Đã có bản nháp kế hoạch năm 2027",
            Location(await PostAsync("/admin/plans/create", new() { ["year"] = "2027", ["from"] = "2023" })));
        var bad = (await InForceAsync(2023));
        bad["year"] = 2028;
        Kpi(bad, "pakn-xu-ly")["owner"] = "ubnd-huyen";
        var badImport = Location(await ImportAsync(bad.ToJsonString(), "ke-hoach-2028.json"));
        Assert.Contains("'ke-hoach-2028.json', KPI", badImport);
        Assert.Contains("(pakn-xu-ly), trường 'owner'): cơ quan chủ trì 'ubnd-huyen'", badImport);

        Assert.Equal(["plan-created", "plan-saved"], (await AuditAsync()).Select(a => a.Action));
        Assert.Contains("sipas: chỉ tiêu > 90 → > 93.5", (await AuditAsync())[1].Detail);
        // Nothing was published: 2027 is still judged by the 2023 plan.
        Assert.Equal(90, (decimal)Kpi(await InForceAsync(2027), "sipas")["target"]!["value"]!);

        // A workbook exported from the page imports into a draft of its year, like a JSON file.
        var workbook = await _admin.GetByteArrayAsync("/admin/plans/in-force/2023.xlsx");
        var form = new MultipartFormDataContent { { new StringContent(await TokenAsync()), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(workbook), "file", "ke-hoach-2023.xlsx");
        Assert.Matches(@"^/admin/plans/\d+\?imported=1$", Location(await _admin.PostAsync("/admin/plans/import", form)));
        Assert.Equal("plan-imported", (await AuditAsync())[^1].Action);
    }

    [Fact]
    public async Task Only_an_administrator_reaches_the_plans()
    {
        await _app.CreateUserAsync("van-thu", Roles.Editor, "que-minh");
        using var editor = await _app.SignedInClientAsync("van-thu", DashboardApp.Password, followRedirects: false, cookies: new CookieContainer());
        var response = await editor.GetAsync("/admin/plans");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", Location(response));
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin/plans/in-force/2023.json")).StatusCode);
    }

    [Fact]
    public async Task A_commune_admin_views_and_exports_a_plan_but_cannot_change_one_and_the_top_admin_can()
    {
        // The top admin's draft for 2027, which the commune's administrator then tries to change by hand.
        var created = await PostAsync("/admin/plans/create", new() { ["year"] = "2027", ["from"] = "2023" });
        var id = long.Parse(Regex.Match(Location(created), @"/admin/plans/(\d+)\?created=1").Groups[1].Value);
        var fields = Fields(await _admin.GetStringAsync($"/admin/plans/{id}"));
        fields["target.sipas"] = "99";
        var plans = _app.Services.GetRequiredService<PlanBook>();
        var before = (await plans.ListAsync()).Select(p => (p.Id, p.Year, p.State, p.Json)).ToList();

        await _app.CreateUserAsync("qt-que-minh", Roles.Admin, "que-minh");
        using var commune = await _app.SignedInClientAsync("qt-que-minh", DashboardApp.Password, followRedirects: false, cookies: new CookieContainer());
        // The pages offer it nothing to change, and say why.
        var list = await commune.GetStringAsync("/admin/plans");
        Assert.Contains("data-role=\"plans-read-only\"", list);
        Assert.DoesNotContain("data-role=\"create-form\"", list);
        Assert.DoesNotContain("data-role=\"import-form\"", list);
        var draft = await commune.GetStringAsync($"/admin/plans/{id}?publish=1");
        Assert.Contains("data-role=\"read-only\"", draft);
        Assert.DoesNotContain("data-role=\"save\"", draft);
        Assert.DoesNotContain("data-role=\"publish", draft);
        Assert.Contains("name=\"target.sipas\" value=\"90\" disabled", draft);
        // It still reads and exports every plan.
        Assert.Equal(90, (decimal)Kpi(JsonNode.Parse(await commune.GetStringAsync($"/admin/plans/{id}/export.json"))!.AsObject(), "sipas")["target"]!["value"]!);
        Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync("/admin/plans/in-force/2023.xlsx")).StatusCode);

        // Posted by hand with a valid token (from a page that has a form), each change is refused with 403.
        var token = Regex.Match(await commune.GetStringAsync("/admin/users"), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        FormUrlEncodedContent Form(Dictionary<string, string> f) => new(new Dictionary<string, string>(f) { ["__RequestVerificationToken"] = token });
        var file = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var plan = await InForceAsync(2023);
        plan["year"] = 2028;
        file.Add(new StringContent(plan.ToJsonString()), "file", "ke-hoach-2028.json");
        var attempts = new[]
        {
            await commune.PostAsync("/admin/plans/create", Form(new() { ["year"] = "2028", ["from"] = "2023" })),
            await commune.PostAsync("/admin/plans/import", file),
            await commune.PostAsync($"/admin/plans/{id}/save", Form(fields)),
            await commune.PostAsync($"/admin/plans/{id}/publish", Form([])),
        };
        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("chỉ quản trị viên quản lý toàn bộ các đơn vị", await attempts[0].Content.ReadAsStringAsync());

        // Nothing changed: the same plans, the draft as it was, 2027 still judged by the 2023 plan; each refusal audited.
        Assert.Equal(before, (await plans.ListAsync()).Select(p => (p.Id, p.Year, p.State, p.Json)).ToList());
        Assert.Equal(90, (decimal)Kpi(await InForceAsync(2027), "sipas")["target"]!["value"]!);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
        {
            var refusals = await db.Audit.Where(e => e.Who == "qt-que-minh" && e.Action == "admin-refused").OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync();
            Assert.Equal(["plan create 2028: PlanOutOfReach", "plan import ke-hoach-2028.json: PlanOutOfReach",
                $"plan save {id}: PlanOutOfReach", $"plan publish {id}: PlanOutOfReach"], refusals);
        }
        Assert.Equal(["plan-created"], (await AuditAsync()).Select(a => a.Action));

        // The top admin, who reaches every unit, saves and publishes the same draft.
        Assert.Equal($"/admin/plans/{id}?saved=1", Location(await PostAsync($"/admin/plans/{id}/save", fields, $"/admin/plans/{id}")));
        Assert.Equal("/admin/plans?published=2027", Location(await PostAsync($"/admin/plans/{id}/publish", new(), $"/admin/plans/{id}?publish=1")));
        Assert.Equal(99, (decimal)Kpi(await InForceAsync(2027), "sipas")["target"]!["value"]!);
    }

    private async Task<string?> WorkbookTargetAsync(string url)
    {
        await using var stream = new MemoryStream(await _admin.GetByteArrayAsync(url));
        var sheet = TabularReader.ReadXlsx(stream, "kpi.xlsx", sheetName: "Chỉ số");
        return sheet.Rows.Single(r => r.Get("Mục") == "Chỉ tiêu").Get("Giá trị");
    }

    /// <summary>The edit form's fields as a browser would post them: inputs with their values, checked boxes, selected options.</summary>
    private static Dictionary<string, string> Fields(string page)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in Regex.Matches(page, "<input ([^>]*)>"))
        {
            var attrs = m.Groups[1].Value;
            var name = Regex.Match(attrs, "name=\"([^\"]+)\"").Groups[1].Value;
            if (name.Length == 0 || name.StartsWith("__", StringComparison.Ordinal)) continue;
            if (attrs.Contains("type=\"checkbox\"")) { if (attrs.Contains("checked")) fields[name] = "on"; continue; }
            fields[name] = WebUtility.HtmlDecode(Regex.Match(attrs, "value=\"([^\"]*)\"").Groups[1].Value);
        }
        foreach (Match m in Regex.Matches(page, "<select name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
            fields[m.Groups[1].Value] = Regex.Match(m.Groups[2].Value, "<option value=\"([^\"]*)\" selected").Groups[1].Value;
        return fields;
    }
}
