using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// From October (Digests:HolidayListDueMonth) on, a missing official holiday file for next year is reported: /health/ready
/// says Degraded, still 200 so no load balancer drops the node, and /feeds shows a warning, in Vietnamese and English.
/// </summary>
[Trait(TestProvider.Trait, TestProvider.Provider)]
[Collection(HostCollection.Name)]
public sealed class HolidayListTests : IDisposable
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private readonly List<IDisposable> _owned = [];
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        foreach (var folder in _folders)
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private DashboardApp Start(TestClock clock, string? seeds = null)
    {
        _owned.Add(clock);
        var settings = new Dictionary<string, string?> { ["Jobs:RunServer"] = "false", ["Health:WriteProbeInterval"] = "00:00:00" };
        if (seeds is not null) settings["Dashboard:SeedsPath"] = seeds;
        var app = new DashboardApp(settings: settings, clock: clock);
        _owned.Insert(0, app);
        return app;
    }

    /// <summary>A copy of the shipped seeds with an official 2028 holiday file added.</summary>
    private string SeedsWith2028()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "seeds");
        var target = Path.Combine(Path.GetTempPath(), "dashboard-tests", "seeds-" + Guid.NewGuid().ToString("N"));
        _folders.Add(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        File.WriteAllText(Path.Combine(target, "holidays", "2028.json"), """
            { "year": 2028, "holidays": [ { "date": "2028-01-26", "name": { "vi": "Tết Nguyên Đán (mùng 1)", "en": "Lunar New Year (Tết), 1st day" } } ], "workdays": [] }
            """);
        return target;
    }

    private static async Task<(HttpStatusCode Status, string Text)> ReadyAsync(DashboardApp app)
    {
        var response = await app.Http.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task From_October_2027_without_a_2028_file_readiness_is_degraded_and_feeds_warns()
    {
        // 30 September 2027, 22:00 in Vietnam: the 2028 list is not due yet.
        var clock = new TestClock(new DateTimeOffset(2027, 9, 30, 22, 0, 0, Vn));
        var app = Start(clock);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(app));
        Assert.DoesNotContain("holiday-warning", await app.Http.GetStringAsync("/feeds"));

        // Two hours on it is 1 October in Vietnam (still 30 September in UTC).
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((HttpStatusCode.OK, "Degraded: holidays"), await ReadyAsync(app));

        var vi = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/feeds"));
        Assert.Contains("data-role=\"holiday-warning\"", vi);
        Assert.Contains("Chưa có lịch nghỉ lễ chính thức năm 2028: cần thêm tệp seeds/holidays/2028.json", vi);

        // The language switch sets its cookie and redirects back to /feeds (followed by this client).
        var en = WebUtility.HtmlDecode(await app.Http.GetStringAsync("/culture/en-US?redirect=/feeds"));
        Assert.Contains("No official holiday list for 2028 yet: add seeds/holidays/2028.json", en);
    }

    [Fact]
    public async Task With_a_2028_file_October_2027_is_healthy_and_feeds_has_no_warning()
    {
        var app = Start(new TestClock(new DateTimeOffset(2027, 10, 15, 9, 0, 0, Vn)), SeedsWith2028());
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(app));
        Assert.DoesNotContain("holiday-warning", await app.Http.GetStringAsync("/feeds"));
    }

    [Fact]
    public async Task The_due_month_is_an_option()
    {
        // In June 2027 with the list due from June: already degraded.
        var clock = new TestClock(new DateTimeOffset(2027, 6, 1, 9, 0, 0, Vn));
        _owned.Add(clock);
        var app = new DashboardApp(settings: new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false", ["Health:WriteProbeInterval"] = "00:00:00", ["Digests:HolidayListDueMonth"] = "6",
        }, clock: clock);
        _owned.Insert(0, app);
        Assert.Equal((HttpStatusCode.OK, "Degraded: holidays"), await ReadyAsync(app));
    }
}
