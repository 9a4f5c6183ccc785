using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>
/// Nothing that carries a unit's data may be kept by the browser, a shared PC's cache or a proxy: every response but a
/// static file is <c>Cache-Control: no-store</c>. Static files keep their own caching.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class NoStoreTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    private static string CacheControl(HttpResponseMessage response) => response.Headers.CacheControl?.ToString() ?? "";

    [Fact]
    public async Task Every_response_with_unit_data_is_no_store_and_static_files_are_not()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("ma_don_vi,ma_thu_tuc,ten_thu_tuc\r\nque-minh,1.001,\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "thu-tuc.csv");
        var import = await _app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=procedure", form);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var run = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetInt64();
        var digest = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");

        string[] urls =
        [
            "/api/v1/snapshot", "/api/v1/snapshot?unit=que-minh", "/export/kpi/sipas.xlsx", "/export/scores/qd-766-2022.xlsx",
            "/kpi/sipas/print", "/scores/print", $"/feeds/one-stop/runs/{run}/rejections.csv", $"/digests/{digest.Id}/preview",
            "/", "/kpi/sipas", "/scores", "/feeds", $"/import?run={run}", "/digests", "/account/login",
        ];
        var wrong = new List<string>();
        foreach (var url in urls)
        {
            using var response = await _app.Http.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) wrong.Add($"{url}: {response.StatusCode}");
            else if (!CacheControl(response).Contains("no-store")) wrong.Add($"{url}: Cache-Control '{CacheControl(response)}'");
        }
        // A refusal says nothing worth keeping either.
        using (var anonymous = new HttpClient { BaseAddress = _app.BaseAddress })
        using (var refused = await anonymous.GetAsync("/api/v1/snapshot"))
            if (!CacheControl(refused).Contains("no-store")) wrong.Add($"401 of the snapshot: Cache-Control '{CacheControl(refused)}'");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Static files (styles, scripts, icons) stay cacheable: the wall screen and the tablet load them on every start.
        foreach (var url in new[] { "/css/app.css", "/js/page-actions.js", "/favicon.svg" })
        {
            using var response = await _app.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("no-store", CacheControl(response));
        }
    }
}
