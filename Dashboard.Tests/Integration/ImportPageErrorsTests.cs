using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>The /import page's form posted as a browser posts it: a bad choice or a file too large comes back as the page with a message.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed partial class ImportPageErrorsTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>Posts the form with the page's antiforgery token (or none); the answer is not followed.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string feed, string kind, byte[] file, bool withToken = true)
    {
        using var client = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false);
        var token = TokenField().Match(await client.GetStringAsync("/import")).Groups[1].Value;
        Assert.NotEmpty(token);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent();
        if (withToken) form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
        form.Add(new StringContent(feed), "feed");
        form.Add(new StringContent(kind), "kind");
        form.Add(new StringContent(""), "unit");
        form.Add(content, "file", "thu-tuc.csv");
        return await client.PostAsync("/import/upload", form);
    }

    /// <summary>The page the redirect leads to, as text.</summary>
    private async Task<string> FollowAsync(HttpResponseMessage response, string error)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal($"/import?error={error}", location);
        return WebUtility.HtmlDecode(await _app.Http.GetStringAsync(location));
    }

    private static readonly byte[] Procedures = Encoding.UTF8.GetBytes("ma_don_vi,ma_thu_tuc,ten_thu_tuc\r\nque-minh,1.000001,Đăng ký khai sinh\r\n");

    [Theory]
    [InlineData("khong-co-nguon-nay", "procedure", "feed", "Nguồn dữ liệu")]
    [InlineData("one-stop", "hop-dong", "kind", "Loại hồ sơ")]
    [InlineData("", "procedure", "feed", "Nguồn dữ liệu")]
    public async Task A_tampered_feed_or_kind_comes_back_to_the_page_with_a_message(string feed, string kind, string error, string message)
    {
        using var response = await PostFormAsync(feed, kind, Procedures);

        var page = await FollowAsync(response, error);
        Assert.Contains(message, page);
        Assert.Contains("role=\"alert\"", page);
    }

    [Fact]
    public async Task A_file_over_the_limit_comes_back_to_the_page_naming_the_limit_not_as_an_antiforgery_error()
    {
        // 35 MB: over Kestrel's 30 MB default and the 20 MB import limit.
        using var response = await PostFormAsync("one-stop", "procedure", new byte[35 * 1024 * 1024]);

        var page = await FollowAsync(response, "too-large");
        Assert.Contains("20 MB", page);
    }

    [Fact]
    public async Task A_form_without_its_token_is_refused_with_a_message_to_reload()
    {
        using var response = await PostFormAsync("one-stop", "procedure", Procedures, withToken: false);

        var page = await FollowAsync(response, "form");
        Assert.Contains("tải lại trang", page);
    }

    [Fact]
    public async Task The_page_shows_the_error_in_english_when_english_is_chosen()
    {
        using var client = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/import?error=too-large&culture=en-US&ui-culture=en-US"));
        Assert.Contains("20 MB", page);
        Assert.Contains("too large", page);
    }
}
