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
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
