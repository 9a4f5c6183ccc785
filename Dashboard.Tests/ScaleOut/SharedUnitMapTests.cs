using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.ScaleOut;

/// <summary>A merger recorded on one node is the map every node answers with (Redis tells the others to read it again).</summary>
[Collection(HostCollection.Name)]
public sealed class SharedUnitMapTests
{
    [Fact]
    public async Task A_merger_recorded_on_one_node_is_in_the_map_of_the_other()
    {
        var database = await LoopbackServices.CreateDatabaseAsync();
        var common = new Dictionary<string, string>
        {
            ["Store__Provider"] = "PostgreSql",
            ["ConnectionStrings__Dashboard"] = database,
            ["Redis__Configuration"] = await LoopbackServices.RedisAsync(),
            ["Redis__ChannelPrefix"] = "units-" + Guid.NewGuid().ToString("N")[..8],
        };
        using var a = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "a" });
        using var b = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "b", ["Node__Role"] = "Web" });
        try
        {
            await Task.WhenAll(a.StartAsync(), b.StartAsync());
            using var onA = await a.SignedInClientAsync();
            using var onB = await b.SignedInClientAsync();
            Assert.DoesNotContain("que-son-trung", await onB.GetStringAsync("/admin/units"));

            var page = await onA.GetStringAsync("/admin/units");
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            var saved = await onA.PostAsync("/admin/units", new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", token), new("_handler", "merge-units"),
                new("Merge.Predecessors", "que-minh"), new("Merge.Predecessors", "que-an"), new("Merge.Code", "que-son-trung"),
                new("Merge.NameVi", "Xã Quế Sơn Trung"), new("Merge.NameEn", "Que Son Trung Commune"), new("Merge.Parent", "que-son"),
                new("Merge.Date", "2025-07-01"),
            ]));
            Assert.True(saved.IsSuccessStatusCode, $"{saved.StatusCode}: {a.Output}");
            Assert.Contains("que-son-trung", WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync()));

            // Node B answers with the new map: the successor is a page of its own, the predecessor says what it became.
            await Wait.UntilAsync(async () => WebUtility.HtmlDecode(await onB.GetStringAsync("/?unit=que-son-trung")).Contains("Tổng quan thực hiện kế hoạch · Xã Quế Sơn Trung")
                    && WebUtility.HtmlDecode(await onB.GetStringAsync("/?unit=que-an")).Contains("đã sáp nhập vào Xã Quế Sơn Trung"),
                "node B uses the map changed on node A", TimeSpan.FromSeconds(60));
        }
        finally
        {
            a.Dispose();
            b.Dispose();
            LoopbackServices.DropDatabase(database);
        }
    }
}
