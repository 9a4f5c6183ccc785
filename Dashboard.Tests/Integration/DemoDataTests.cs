using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Integration;

[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DemoDataTests
{
    [Fact]
    public async Task Demo_figures_are_labelled_and_when_switched_off_they_are_excluded_everywhere()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var withDemo = new DashboardApp(demoData: true, settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }, dataPath: folder))
            {
                var snapshot = await withDemo.GetSnapshotAsync();
                Assert.True(snapshot.DemoData);
                Assert.All(snapshot.Kpis, k => Assert.True(k.Demo && k.Source == "simulator" && k.Value is not null));
                var page = System.Net.WebUtility.HtmlDecode(await withDemo.Http.GetStringAsync("/"));
                Assert.Contains("DỮ LIỆU MẪU", page);
                // Everywhere else a figure shows: the detail, the scores, both A4 prints and both workbooks.
                foreach (var url in Pages)
                    Assert.Contains("DỮ LIỆU MẪU", System.Net.WebUtility.HtmlDecode(await withDemo.Http.GetStringAsync(url)));
                foreach (var (url, sheet) in Workbooks)
                    Assert.Equal("DỮ LIỆU MẪU", await FirstItemAsync(withDemo, url, sheet));
                (await withDemo.PostReadingsAsync(new { unit = "que-minh", kpi = "sipas", period = "2026-11", value = 92, source = "khao-sat" })).EnsureSuccessStatusCode();
            }

            // The same data folder, restarted with demo data off: only the real figure is left.
            using var withoutDemo = new DashboardApp(demoData: false, dataPath: folder);
            var after = await withoutDemo.GetSnapshotAsync();
            Assert.False(after.DemoData);
            Assert.DoesNotContain(after.Kpis, k => k.Demo || k.Source == "simulator");
            Assert.Equal(92m, after.Kpi("sipas").Value);
            Assert.Equal("NoData", after.Kpi("xep-hang-dti").Status);
            Assert.DoesNotContain("DỮ LIỆU MẪU", System.Net.WebUtility.HtmlDecode(await withoutDemo.Http.GetStringAsync("/")));
            foreach (var url in Pages)
                Assert.DoesNotContain("DỮ LIỆU MẪU", System.Net.WebUtility.HtmlDecode(await withoutDemo.Http.GetStringAsync(url)));
            foreach (var (url, sheet) in Workbooks)
                Assert.NotEqual("DỮ LIỆU MẪU", await FirstItemAsync(withoutDemo, url, sheet));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly string[] Pages =
        ["/kpi/ho-so-tre-han?unit=que-minh", "/kpi/sipas?unit=que-minh", "/scores?unit=que-minh", "/kpi/ho-so-tre-han/print?unit=que-minh", "/scores/print?unit=que-minh"];

    private static readonly (string Url, string Sheet)[] Workbooks =
        [("/export/kpi/sipas.xlsx?unit=que-minh", "Chỉ số"), ("/export/scores/qd-766-2022.xlsx?unit=que-minh", "Điểm")];

    private static async Task<string?> FirstItemAsync(DashboardApp app, string url, string sheet)
    {
        var bytes = await app.Http.GetByteArrayAsync(url);
        return Dashboard.Jobs.Feeds.Files.TabularReader.ReadXlsx(new MemoryStream(bytes), "x.xlsx", sheetName: sheet).Rows[0].Get("Mục");
    }
}
