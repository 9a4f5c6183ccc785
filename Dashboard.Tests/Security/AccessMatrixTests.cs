using System.Net;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// Every endpoint of the app × anonymous, Viewer, Editor, Admin, against a table written by hand. The table is checked
/// against the app's own endpoint list, so an endpoint added without a row here fails this test.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class AccessMatrixTests : IDisposable
{
    // Outcomes: ok (2xx), login (redirect to sign-in), denied (redirect to access denied), 401, 403, 400 (allowed through,
    // stopped by the antiforgery check a real form would pass), 404, redirect (any other local redirect).
    private static readonly (string Method, string Pattern, string Url, string Anonymous, string Viewer, string Editor, string Admin)[] Table =
    [
        ("GET", "/", "/", "login", "ok", "ok", "ok"),
        ("GET", "/kpi/{Code}", "/kpi/sipas", "login", "ok", "ok", "ok"),
        ("GET", "/kpi/{Code}/print", "/kpi/sipas/print", "login", "ok", "ok", "ok"),
        ("GET", "/scores", "/scores", "login", "ok", "ok", "ok"),
        ("GET", "/briefing", "/briefing", "login", "ok", "ok", "ok"),
        ("GET", "/plan", "/plan", "login", "ok", "ok", "ok"),
        ("POST", "/plan/status", "/plan/status", "login", "denied", "400", "400"),
        ("GET", "/scores/print", "/scores/print", "login", "ok", "ok", "ok"),
        ("GET", "/export/kpi/{code}.xlsx", "/export/kpi/sipas.xlsx", "401", "ok", "ok", "ok"),
        ("GET", "/export/scores/{rubric}.xlsx", "/export/scores/qd-766-2022.xlsx", "401", "ok", "ok", "ok"),
        ("GET", "/export/plan/{year:int}.xlsx", "/export/plan/2026.xlsx", "401", "ok", "ok", "ok"),
        ("GET", "/feeds", "/feeds", "login", "denied", "ok", "ok"),
        ("GET", "/import", "/import", "login", "denied", "ok", "ok"),
        ("POST", "/import/upload", "/import/upload", "login", "denied", "redirect", "redirect"),
        ("POST", "/import/confirm", "/import/confirm", "login", "denied", "redirect", "redirect"),
        ("GET", "/feeds/{feedId}/runs/{runId:long}/rejections.csv", "/feeds/one-stop/runs/999/rejections.csv", "login", "denied", "404", "404"),
        ("GET", "/scores/manage", "/scores/manage", "login", "denied", "denied", "ok"),
        ("POST", "/scores/manage/rank", "/scores/manage/rank", "login", "denied", "denied", "400"),
        ("POST", "/scores/manage/rubric", "/scores/manage/rubric", "login", "denied", "denied", "400"),
        ("GET", "/admin/users", "/admin/users", "login", "denied", "denied", "ok"),
        // Every signed-in role manages digests (a Viewer only their own: DigestFormTests); an unknown one is not found.
        ("GET", "/digests", "/digests", "login", "ok", "ok", "ok"),
        ("GET", "/digests/{id:long}/preview", "/digests/999/preview", "login", "404", "404", "404"),
        ("POST", "/digests/save", "/digests/save", "login", "400", "400", "400"),
        ("POST", "/digests/{id:long}/delete", "/digests/999/delete", "login", "400", "400", "400"),
        ("POST", "/digests/{id:long}/test", "/digests/999/test", "login", "400", "400", "400"),
        ("GET", "/admin/api-keys", "/admin/api-keys", "login", "denied", "denied", "ok"),
        ("GET", "/admin/audit", "/admin/audit", "login", "denied", "denied", "ok"),
        ("GET", "/admin/devices", "/admin/devices", "login", "denied", "denied", "ok"),
        ("GET", "/admin/plans", "/admin/plans", "login", "denied", "denied", "ok"),
        ("GET", "/admin/plans/{Id:long}", "/admin/plans/999", "login", "denied", "denied", "ok"),
        ("POST", "/admin/plans/create", "/admin/plans/create", "login", "denied", "denied", "400"),
        ("POST", "/admin/plans/import", "/admin/plans/import", "login", "denied", "denied", "400"),
        ("POST", "/admin/plans/{id:long}/save", "/admin/plans/999/save", "login", "denied", "denied", "400"),
        ("POST", "/admin/plans/{id:long}/publish", "/admin/plans/999/publish", "login", "denied", "denied", "400"),
        ("GET", "/admin/plans/{id:long}/export.json", "/admin/plans/999/export.json", "login", "denied", "denied", "404"),
        ("GET", "/admin/plans/in-force/{year:int}.json", "/admin/plans/in-force/2023.json", "login", "denied", "denied", "ok"),
        ("GET", "/admin/plans/{id:long}/export.xlsx", "/admin/plans/999/export.xlsx", "login", "denied", "denied", "404"),
        ("GET", "/admin/plans/in-force/{year:int}.xlsx", "/admin/plans/in-force/2023.xlsx", "login", "denied", "denied", "ok"),
        ("GET", "/admin/units", "/admin/units", "login", "denied", "denied", "ok"),
        // The wall: a person may look at it too; a paired screen is tested below. Without either, the screen is asked to pair.
        ("GET", "/wall", "/wall", "redirect", "ok", "ok", "ok"),
        ("GET", "/wall/pair", "/wall/pair", "ok", "ok", "ok", "ok"),
        ("GET", "/wall/revoked", "/wall/revoked", "ok", "ok", "ok", "ok"),
        ("GET", "/jobs/{**path}", "/jobs", "login", "403", "403", "ok"),
        ("GET", "/account/login", "/account/login", "ok", "ok", "ok", "ok"),
        ("GET", "/account/access-denied", "/account/access-denied", "ok", "ok", "ok", "ok"),
        ("GET", "/account/change-password", "/account/change-password", "login", "ok", "ok", "ok"),
        ("POST", "/account/logout", "/account/logout", "login", "400", "400", "400"),
        // Writes take an API key, never a sign-in (keys are tested in ApiKeyTests).
        ("POST", "/api/v1/readings", "/api/v1/readings", "401", "401", "401", "401"),
        ("POST", "/api/v1/imports", "/api/v1/imports?feed=one-stop&kind=dossier", "401", "401", "401", "401"),
        ("POST", "/api/v1/records/{kind}", "/api/v1/records/dossier?feed=one-stop", "401", "401", "401", "401"),
        ("GET", "/api/v1/snapshot", "/api/v1/snapshot", "401", "ok", "ok", "ok"),
        ("POST", "/hubs/kpi/negotiate", "/hubs/kpi/negotiate?negotiateVersion=1", "401", "ok", "ok", "ok"),
        ("GET", "/culture/{name}", "/culture/vi-VN?redirect=/scores", "redirect", "redirect", "redirect", "redirect"),
        ("GET", "/health/live", "/health/live", "ok", "ok", "ok", "ok"),
        ("GET", "/health/ready", "/health/ready", "ok", "ok", "ok", "ok"),
        ("GET", "/error", "/error", "ok", "ok", "ok", "ok"),
        ("GET", "/not-found", "/not-found", "ok", "ok", "ok", "ok"),
    ];

    /// <summary>The framework's own endpoints: the Blazor circuit, the hub's socket, static files.</summary>
    private static readonly string[] Framework =
        ["/_blazor", "/_blazor/disconnect/", "/_blazor/initializers/", "/_blazor/negotiate", "/_framework/opaque-redirect", "{**path:file}", "/hubs/kpi"];

    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Every_endpoint_of_the_app_is_in_the_table()
    {
        var patterns = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            // Static assets are one endpoint per file, all public by design.
            .Where(p => !(p.Contains('.') && !p.Contains('{')))
            .Select(p => p.Length > 1 ? p.TrimEnd('/') + (p.EndsWith("/") && p.StartsWith("/_blazor/") ? "/" : "") : p)
            .Distinct().ToList();
        var known = Table.Select(t => t.Pattern).Concat(Framework).ToHashSet();
        var missing = patterns.Where(p => !known.Contains(p)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a row in the access table: " + string.Join(", ", missing));
        var stale = Table.Select(t => t.Pattern).Where(p => !patterns.Contains(p)).ToList();
        Assert.True(stale.Count == 0, "Rows for endpoints the app no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Each_role_gets_what_the_table_says()
    {
        await _app.CreateUserAsync("lanh-dao", Roles.Viewer, "que-minh");
        await _app.CreateUserAsync("van-thu", Roles.Editor, "que-minh");
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress },
            ["viewer"] = await _app.SignedInClientAsync("lanh-dao", DashboardApp.Password, followRedirects: false),
            ["editor"] = await _app.SignedInClientAsync("van-thu", DashboardApp.Password, followRedirects: false),
            ["admin"] = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer()),
        };
        var wrong = new List<string>();
        foreach (var row in Table)
        {
            foreach (var (who, expected) in new[] { ("anonymous", row.Anonymous), ("viewer", row.Viewer), ("editor", row.Editor), ("admin", row.Admin) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Url);
                // Multipart, the one form encoding every form endpoint here accepts (a file upload takes nothing else).
                if (row.Method == "POST") request.Content = new MultipartFormDataContent { { new StringContent("x"), "x" } };
                using var response = await clients[who].SendAsync(request);
                var actual = Outcome(response);
                if (actual != expected) wrong.Add($"{row.Method} {row.Url} as {who}: expected {expected}, got {actual}");
            }
        }
        foreach (var c in clients.Values) c.Dispose();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>A paired wall screen is no more than an anonymous visitor anywhere but on the wall itself.</summary>
    [Fact]
    public async Task A_wall_screen_gets_the_wall_and_nothing_an_anonymous_visitor_would_not()
    {
        var (_, secret) = await _app.Services.GetRequiredService<Dashboard.Web.Wall.WallDevices>()
            .CreateAsync("Phòng họp", ["que-minh"], Dashboard.Web.Wall.WallPlaylist.Default, "tests");
        var cookies = new CookieContainer();
        using var device = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = _app.BaseAddress };
        using (var paired = await device.GetAsync($"/wall/pair?token={Uri.EscapeDataString(secret)}"))
            Assert.EndsWith("/wall", paired.Headers.Location?.OriginalString);
        Assert.NotNull(cookies.GetCookies(_app.BaseAddress)[Dashboard.Web.Wall.WallAuthentication.CookieName]);

        var wrong = new List<string>();
        foreach (var row in Table)
        {
            using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Url);
            if (row.Method == "POST") request.Content = new MultipartFormDataContent { { new StringContent("x"), "x" } };
            using var response = await device.SendAsync(request);
            var expected = row.Pattern == "/wall" ? "ok" : row.Anonymous;
            var actual = Outcome(response);
            // Refused either way (a sign-in page or a status) is what matters for the rows an anonymous visitor cannot open.
            var refused = actual is "login" or "401" or "403" or "redirect" && expected is "login" or "401" or "403" or "redirect";
            if (actual != expected && !(refused && row.Pattern != "/wall")) wrong.Add($"{row.Method} {row.Url} as a wall screen: expected {expected}, got {actual}");
        }
        // The hub and the snapshot API take a person or a source system's key, not a screen.
        using (var hub = await device.PostAsync("/hubs/kpi/negotiate?negotiateVersion=1", null))
            if ((int)hub.StatusCode is >= 200 and < 300) wrong.Add("the hub accepted a wall screen");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Outcome(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300) return "ok";
        if (status is 301 or 302 or 303 or 307)
        {
            var location = response.Headers.Location?.OriginalString ?? "";
            if (location.Contains("/account/login")) return "login";
            if (location.Contains("/account/access-denied")) return "denied";
            return "redirect";
        }
        return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
