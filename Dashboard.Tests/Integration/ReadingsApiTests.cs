using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ReadingsApiTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object Reading(string kpi = "sipas", decimal value = 93.5m, string unit = "que-minh",
        string period = "2026-11", string source = "khao-sat") => new { unit, kpi, period, value, source };

    private async Task<(int Readings, int History)> CountsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return (await db.Readings.CountAsync(), await db.ReadingHistory.CountAsync());
    }

    [Fact]
    public async Task Posted_readings_show_in_the_snapshot_with_status()
    {
        var response = await _app.PostReadingsAsync(new[]
        {
            Reading("sipas", 93.5m),
            Reading("vi-pham-ky-luat", 1, period: "2026"),
            Reading("bien-che", 100),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var snapshot = await _app.GetSnapshotAsync();
        Assert.Equal(93.5m, snapshot.Kpi("sipas").Value);
        Assert.Equal("Met", snapshot.Kpi("sipas").Status);
        Assert.Equal("khao-sat", snapshot.Kpi("sipas").Source);
        Assert.False(snapshot.Kpi("sipas").Demo);
        Assert.Equal("NotMet", snapshot.Kpi("vi-pham-ky-luat").Status);
        Assert.Equal("Met", snapshot.Kpi("bien-che").Status);
        Assert.Equal("NoData", snapshot.Kpi("xep-hang-dti").Status);
        Assert.Null(snapshot.Kpi("xep-hang-dti").Value);
    }

    [Fact]
    public async Task A_single_reading_object_is_accepted_too()
    {
        var response = await _app.PostReadingsAsync(Reading("sipas", 88));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Warning", (await _app.GetSnapshotAsync()).Kpi("sipas").Status);
    }

    [Fact]
    public async Task The_same_post_twice_is_stored_once()
    {
        var body = new[] { Reading("sipas", 91), Reading("can-bo-dat-chuan", 97) };
        Assert.Equal(HttpStatusCode.OK, (await _app.PostReadingsAsync(body)).StatusCode);
        var second = await _app.PostReadingsAsync(body);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var result = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, result.GetProperty("changed").GetInt32());
        Assert.Equal((2, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_changed_value_replaces_the_reading_and_keeps_the_old_one_in_history()
    {
        await _app.PostReadingsAsync(Reading("sipas", 85));
        await _app.PostReadingsAsync(Reading("sipas", 92.25m));

        Assert.Equal((1, 1), await CountsAsync());
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(85m, (await db.ReadingHistory.SingleAsync()).Value);
        var snapshot = (await _app.GetSnapshotAsync()).Kpi("sipas");
        Assert.Equal(92.25m, snapshot.Value);
        Assert.Equal("Up", snapshot.Trend);
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { """[{"unit":"xa-khong-co","kpi":"sipas","period":"2026-11","value":90,"source":"khao-sat"}]""", "readings[0].unit", "không có trong danh mục đơn vị" },
        { """[{"unit":"que-minh","kpi":"khong-co","period":"2026-11","value":90,"source":"khao-sat"}]""", "readings[0].kpi", "không có trong danh mục KPI" },
        { """[{"unit":"que-minh","kpi":"ho-so-tre-han","period":"2026-11","value":3,"source":"mot-cua"}]""", "readings[0].kpi", "tính từ hồ sơ nguồn" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"11/2026","value":90,"source":"khao-sat"}]""", "readings[0].period", "Kỳ báo cáo" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-13","value":90,"source":"khao-sat"}]""", "readings[0].period", "Kỳ báo cáo" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":-1,"source":"khao-sat"}]""", "readings[0].value", "không được âm" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":100.5,"source":"khao-sat"}]""", "readings[0].value", "vượt quá 100" },
        { """[{"unit":"que-minh","kpi":"xep-hang-dti","period":"2026","value":7,"source":"huyen"}]""", "readings[0].value", "Nhóm xếp hạng" },
        { """[{"unit":"que-minh","kpi":"vi-pham-ky-luat","period":"2026","value":1.5,"source":"huyen"}]""", "readings[0].value", "số nguyên" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":"90","source":"khao-sat"}]""", "readings[0].value", "Phải là một số" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","source":"khao-sat"}]""", "readings[0].value", "Thiếu trường bắt buộc" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":90}]""", "readings[0].source", "Thiếu trường bắt buộc" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":90,"source":"simulator"}]""", "readings[0].source", "dữ liệu mẫu" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":90,"source":"Khảo Sát"}]""", "readings[0].source", "không hợp lệ" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":90,"source":"ks"},{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":91,"source":"ks"}]""", "readings[1]", "Trùng với readings[0]" },
        { """[{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":90,"source":"ks"},{"unit":"que-an","kpi":"sipas","period":"2026-11","value":190,"source":"ks"}]""", "readings[1].value", "vượt quá 100" },
        { """{"unit":"que-minh",""", "body", "JSON không hợp lệ" },
        { "[]", "readings", "Không có số liệu" },
        { "42", "body", "đối tượng JSON" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_400_naming_the_field_and_stores_nothing(string json, string field, string reason)
    {
        var response = await _app.Http.PostAsync("/api/v1/readings", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(reason, StringComparison.Ordinal));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_sign_in_is_not_an_api_key_writes_need_a_key()
    {
        using var browser = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password);
        var response = await browser.PostAsJsonAsync("/api/v1/readings", Reading());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task An_unknown_page_gets_the_not_found_page_and_an_unknown_api_path_a_plain_404()
    {
        var page = await _app.Http.GetAsync("/khong-co-trang-nay");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Không tìm thấy trang", System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

        var api = await _app.Http.GetAsync("/api/v1/khong-co");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_endpoints_answer_without_revealing_anything()
    {
        var live = await _app.Http.GetStringAsync("/health/live");
        var ready = await _app.Http.GetStringAsync("/health/ready");
        Assert.Equal("Healthy", live);
        Assert.Equal("Healthy", ready);
    }
}

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ApiKeyTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/readings") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        using var client = new HttpClient { BaseAddress = _app.BaseAddress };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Keys_are_checked_valid_wrong_revoked_and_out_of_scope()
    {
        var keys = _app.Services.GetRequiredService<ApiKeys>();
        var (key, secret) = await keys.CreateAsync("Khảo sát SIPAS", ["khao-sat"], ["que-minh"], "tests");

        // Valid, in scope: stored, and its last use is shown.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(secret, new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 95, source = "khao-sat" })).StatusCode);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.Id == key.Id);
            Assert.NotNull(stored.LastUsedAt);
            // Only a hash is kept.
            Assert.DoesNotContain(secret, stored.Hash);
        }

        // Another unit, or another source: refused whole, naming the field.
        var otherUnit = await PostAsync(secret, new[]
        {
            new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 96, source = "khao-sat" },
            new { unit = "que-an", kpi = "sipas", period = "2026-11", value = 80, source = "khao-sat" },
        });
        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
        Assert.Contains("readings[1].unit", await otherUnit.Content.ReadAsStringAsync());
        var otherSource = await PostAsync(secret, new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 96, source = "cong-van" });
        Assert.Equal(HttpStatusCode.Forbidden, otherSource.StatusCode);
        Assert.Equal(95m, (await _app.GetSnapshotAsync()).Kpi("sipas").Value);

        // Wrong, missing, revoked: 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("dbk_khong-phai-khoa-that-0123456789", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(null, new { })).StatusCode);
        Assert.True(await keys.RevokeAsync(key.Id));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await PostAsync(secret, new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 97, source = "khao-sat" })).StatusCode);

        // A key reads only its units.
        var (_, reader) = await keys.CreateAsync("Đọc", ["khao-sat"], ["que-minh"], "tests");
        using var client = new HttpClient { BaseAddress = _app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", reader);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/snapshot?unit=que-minh")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/snapshot?unit=que-an")).StatusCode);
        // A key never opens a page.
        var page = await client.GetAsync("/scores");
        Assert.Equal("/account/login", page.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
