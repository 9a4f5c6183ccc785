using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Integration;

/// <summary>What the API answers to bad input: a 4xx problem in Vietnamese first, naming the field, never a 500 or English.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ApiErrorsTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>A problem-details answer: JSON, a bilingual title, nothing of .NET's own text.</summary>
    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(" / ", problem.GetProperty("title").GetString());
        return problem;
    }

    private static string Error(JsonElement problem, string field)
    {
        var messages = default(JsonElement);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out messages),
            $"no error for '{field}' in {problem}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }

    private async Task<int> RecordCountAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Records.CountAsync();
    }

    private Task<HttpResponseMessage> PostRawAsync(string url, byte[] body, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return _app.Http.PostAsync(url, content);
    }

    private static MultipartFormDataContent FileForm(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    [Theory]
    // The second item has the key field twice, once in another case.
    [InlineData("""[{"ma_nhiem_vu":"NV-1","noi_dung":"a","ngay_giao":"01/11/2026","han_hoan_thanh":"15/11/2026"},{"ma_nhiem_vu":"NV-2","Ma_Nhiem_Vu":"NV-3","noi_dung":"b","ngay_giao":"01/11/2026","han_hoan_thanh":"15/11/2026"}]""",
        "records[1].Ma_Nhiem_Vu", "ma_nhiem_vu", "bản ghi thứ 2")]
    // The same key twice, exactly.
    [InlineData("""{"records":[{"ma_nhiem_vu":"NV-1","noi_dung":"a","noi_dung":"b","ngay_giao":"01/11/2026","han_hoan_thanh":"15/11/2026"}]}""",
        "records[0].noi_dung", "noi_dung", "bản ghi thứ 1")]
    public async Task The_records_api_refuses_a_repeated_or_case_variant_key_naming_the_item_and_the_key(string json, string field, string key, string item)
    {
        using var response = await PostRawAsync("/api/v1/records/task?feed=district-tasks&unit=que-minh", Encoding.UTF8.GetBytes(json));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var message = Error(problem, field);
        Assert.Contains($"'{key}'", message);
        Assert.Contains(item, message);
        Assert.Equal(0, await RecordCountAsync());
    }

    [Theory]
    [InlineData("/api/v1/readings", """{"unit":"que-minh","kpi":"sipas","period":"2026-11","value":1,"source":"kh""", """o-sat"}""")]
    [InlineData("/api/v1/records/task?feed=district-tasks&unit=que-minh", """[{"ma_nhiem_vu":"NV-""", """1","noi_dung":"a","ngay_giao":"01/11/2026","han_hoan_thanh":"15/11/2026"}]""")]
    public async Task A_body_that_is_not_utf8_is_a_400_in_vietnamese(string url, string before, string after)
    {
        // 0xFF never occurs in UTF-8; 0xC3 0x28 is a lead byte without its continuation.
        foreach (var bad in new[] { new byte[] { 0xFF }, [0xC3, 0x28] })
        {
            byte[] body = [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
            using var response = await PostRawAsync(url, body);

            var message = Error(await ProblemAsync(response, HttpStatusCode.BadRequest), "body");
            Assert.Contains("UTF-8", message);
            Assert.Contains("không", message);
        }
        Assert.Equal(0, await RecordCountAsync());
    }

    [Theory]
    [InlineData("/api/v1/imports?kind=dossier", "feed")]
    [InlineData("/api/v1/imports?feed=one-stop", "kind")]
    [InlineData("/api/v1/imports?feed=&kind=dossier", "feed")]
    [InlineData("/api/v1/records/task", "feed")]
    public async Task A_missing_query_parameter_is_named_in_vietnamese(string url, string parameter)
    {
        using var response = url.Contains("/imports")
            ? await _app.Http.PostAsync(url, FileForm(Encoding.UTF8.GetBytes("ma_thu_tuc\r\n1\r\n"), "thu-tuc.csv"))
            : await PostRawAsync(url, "[]"u8.ToArray());

        var message = Error(await ProblemAsync(response, HttpStatusCode.BadRequest), parameter);
        Assert.Contains("Thiếu tham số", message);
        Assert.Contains($"'{parameter}'", message);
    }

    [Fact]
    public async Task Json_sent_to_the_file_import_api_is_told_to_send_a_multipart_file_in_vietnamese()
    {
        using var response = await _app.Http.PostAsJsonAsync("/api/v1/imports?feed=one-stop&kind=procedure", new[] { new { ma_thu_tuc = "1" } });

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("multipart/form-data", detail);
        Assert.Contains("'file'", detail);
        Assert.Contains("/api/v1/records/", detail);
    }

    [Fact]
    public async Task An_import_answer_lists_the_first_rejected_rows_with_row_field_and_reason_and_where_the_rest_are()
    {
        var lines = new List<string> { "ma_nhiem_vu,noi_dung,ngay_giao,han_hoan_thanh" };
        for (var i = 1; i <= 150; i++) lines.Add($"NV-{i},Nhiệm vụ {i},31/02/2026,15/11/2026");
        lines.Add("NV-OK,Nhiệm vụ tốt,01/11/2026,15/11/2026");
        using var response = await _app.Http.PostAsync("/api/v1/imports?feed=district-tasks&kind=task&unit=que-minh",
            FileForm(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "nhiem-vu.csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(150, result.GetProperty("rejected").GetInt32());
        var rows = result.GetProperty("rejections").EnumerateArray().ToList();
        Assert.Equal(100, rows.Count);
        Assert.Equal(Enumerable.Range(2, 100), rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal("ngay_giao", rows[0].GetProperty("field").GetString());
        Assert.Contains("31/02/2026", rows[0].GetProperty("reason").GetString());
        var runId = result.GetProperty("runId").GetInt64();
        Assert.Equal($"/feeds/district-tasks/runs/{runId}/rejections.csv", result.GetProperty("rejectionsCsv").GetString());
        Assert.Contains("100", result.GetProperty("rejectionsNote").GetString());
        Assert.Contains("150", result.GetProperty("rejectionsNote").GetString());

        using var records = await _app.Http.PostAsJsonAsync("/api/v1/records/task?feed=district-tasks&unit=que-minh", new object[]
        {
            new { ma_nhiem_vu = "NV-1", noi_dung = "Rà soát", ngay_giao = "01/11/2026", han_hoan_thanh = "15/11/2026" },
            new { ma_nhiem_vu = "NV-2", noi_dung = "Báo cáo", ngay_giao = "01/11/2026", han_hoan_thanh = "30/10/2026" },
        });
        var webhook = await records.Content.ReadFromJsonAsync<JsonElement>();
        var rejection = Assert.Single(webhook.GetProperty("rejections").EnumerateArray());
        Assert.Equal((2, "han_hoan_thanh"), (rejection.GetProperty("row").GetInt32(), rejection.GetProperty("field").GetString()));
        Assert.False(webhook.TryGetProperty("rejectionsNote", out _), "all the rejections are listed: no note needed");
    }

    [Fact]
    public async Task A_file_over_the_import_limit_gets_a_413_naming_the_limit_in_vietnamese()
    {
        // Over Kestrel's own 30 MB default too: the answer names the configured import limit (20 MB by default).
        using var response = await _app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=procedure", FileForm(new byte[35 * 1024 * 1024], "thu-tuc.csv"));

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("20 MB", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await RecordCountAsync());
    }

    [Fact]
    public async Task A_raised_import_limit_lets_a_file_over_kestrels_30_mb_default_through()
    {
        using var app = new DashboardApp(settings: new Dictionary<string, string?> { ["Import:MaxBytes"] = (40L * 1024 * 1024).ToString() });
        using var response = await app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=procedure", FileForm(new byte[31 * 1024 * 1024], "thu-tuc.bin"));

        // The file reaches the reader, which refuses its type: a recorded, failed run, not a 413.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.Contains("thu-tuc.bin", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_date_in_year_one_never_answers_with_a_dotnet_exception_message()
    {
        // Year 1 in Vietnam's time zone is before the first UTC instant .NET can hold.
        using var response = await _app.Http.PostAsync("/api/v1/imports?feed=district-tasks&kind=task&unit=que-minh",
            FileForm(Encoding.UTF8.GetBytes("ma_nhiem_vu,noi_dung,ngay_giao,han_hoan_thanh\r\nNV-1,a,01/01/0001,15/11/2026\r\n"), "nam-1.csv"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("offset", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Parameter", body);
        Assert.DoesNotContain("UTC time", body);
        // Either the row is rejected (the parser knows the year is out of range) or the server says it failed, in Vietnamese.
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.True((await ProblemAsync(response, HttpStatusCode.InternalServerError)).TryGetProperty("traceId", out _));
    }
}

/// <summary>In a deployment every error under /api is problem-details JSON, never the HTML error page, never .NET's text.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ProductionApiErrorsTests : IDisposable
{
    /// <summary>Options that fail when an endpoint reads them: a stand-in for any unexpected server error.</summary>
    private sealed class BrokenOptions : IOptions<IngestOptions>
    {
        public IngestOptions Value => throw new InvalidOperationException("Bí mật nội bộ: chuỗi kết nối Server=db;Password=x");
    }

    private readonly DashboardApp _app = new(environment: "Production", signIn: false,
        services: s => s.AddSingleton<IOptions<IngestOptions>>(new BrokenOptions()));

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("GET", "/api/v1/khong-co", "key", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/readings", "none", HttpStatusCode.Unauthorized)]
    // (A GET to a POST-only address is a 404: the static-file route takes every GET path, so routing finds no method mismatch.)
    [InlineData("PUT", "/api/v1/readings", "key", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/api/v1/imports?feed=one-stop&kind=procedure", "scoped", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/v1/imports?feed=one-stop&kind=procedure", "json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("POST", "/api/v1/imports?kind=procedure", "key", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/imports?feed=one-stop&kind=procedure", "huge", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("POST", "/api/v1/readings", "key", HttpStatusCode.InternalServerError)]
    public async Task Every_api_error_is_problem_details_json_with_a_bilingual_title(string method, string url, string how, HttpStatusCode status)
    {
        using var client = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (how is "key" or "json" or "huge") client.DefaultRequestHeaders.Add("X-Api-Key", _app.ApiKey);
        if (how == "scoped")
        {
            var (_, secret) = await _app.Services.GetRequiredService<Dashboard.Web.Accounts.ApiKeys>().CreateAsync("chi-nhap-tay", ["manual"], ["que-minh"], "tests");
            client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
            request.Content = how switch
            {
                "json" => JsonContent.Create(new[] { new { ma_thu_tuc = "1" } }),
                "huge" => new MultipartFormDataContent { { new ByteArrayContent(new byte[35 * 1024 * 1024]), "file", "thu-tuc.csv" } },
                _ when url.Contains("/imports") => new MultipartFormDataContent { { new ByteArrayContent("ma_thu_tuc\r\n1\r\n"u8.ToArray()), "file", "thu-tuc.csv" } },
                _ => JsonContent.Create(new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 95, source = "khao-sat" }),
            };
        using var response = await client.SendAsync(request);

        var problem = await ApiErrorsTests.ProblemAsync(response, status);
        var body = problem.ToString();
        Assert.DoesNotContain("Bí mật", body);
        Assert.DoesNotContain("Password", body);
        if (status == HttpStatusCode.InternalServerError) Assert.True(problem.TryGetProperty("traceId", out _), body);
    }
}
