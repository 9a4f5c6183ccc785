using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>The Hangfire console (/jobs) as an administrator sees it: it does not tell where the server keeps its files.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class JobsConsoleTests : IDisposable
{
    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_jobs_console_does_not_show_the_storage_path_or_connection_string()
    {
        foreach (var path in new[] { "/jobs", "/jobs/recurring", "/jobs/servers" })
        {
            var response = await _app.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain(_app.DataPath, page);
            Assert.DoesNotContain("hangfire.db", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Host=", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Password", page, StringComparison.OrdinalIgnoreCase);
        }
    }
}
