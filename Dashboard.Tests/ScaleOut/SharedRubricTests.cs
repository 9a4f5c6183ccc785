using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.ScaleOut;

/// <summary>The province's rubric file, loaded on one node, is the one every node scores with.</summary>
[Collection(HostCollection.Name)]
public sealed class SharedRubricTests
{
    [Fact]
    public async Task A_rubric_loaded_on_one_node_is_listed_and_scored_on_the_other()
    {
        var database = await LoopbackServices.CreateDatabaseAsync();
        var common = new Dictionary<string, string>
        {
            ["Store__Provider"] = "PostgreSql",
            ["ConnectionStrings__Dashboard"] = database,
            ["Redis__Configuration"] = await LoopbackServices.RedisAsync(),
            ["Redis__ChannelPrefix"] = "rubrics-" + Guid.NewGuid().ToString("N")[..8],
        };
        using var a = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "a" });
        using var b = new PublishedServer(new Dictionary<string, string>(common) { ["Node__Name"] = "b", ["Node__Role"] = "Web" });
        try
        {
            await Task.WhenAll(a.StartAsync(), b.StartAsync());
            using var onA = await a.SignedInClientAsync();
            using var onB = await b.SignedInClientAsync();
            Assert.DoesNotContain("quang-nam-xa-2026", await onB.GetStringAsync("/scores/manage"));

            var province = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repo.Root, "seeds", "rubrics", "par-xa-vi-du-2023.json")))!;
            province["code"] = "quang-nam-xa-2026";
            province["example"] = false;
            var form = await onA.GetStringAsync("/scores/manage");
            var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            using var upload = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
            };
            var file = new StringContent(province.ToJsonString());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            upload.Add(file, "file", "quang-nam-2026.json");
            var saved = await onA.PostAsync("/scores/manage/rubric", upload);
            Assert.True(saved.IsSuccessStatusCode, $"{saved.StatusCode}: {a.Output}");
            Assert.Contains("saved=quang-nam-xa-2026", saved.RequestMessage!.RequestUri!.Query);

            // Node B lists it as loaded and exports its scores: it reads the file from the shared database.
            await Wait.UntilAsync(async () => (await onB.GetStringAsync("/scores/manage")).Contains("quang-nam-xa-2026"),
                "node B lists the rubric loaded on node A", TimeSpan.FromSeconds(60));
            var export = await onB.GetAsync("/export/scores/quang-nam-xa-2026.xlsx");
            Assert.True(export.IsSuccessStatusCode, $"{export.StatusCode}: {b.Output}");
        }
        finally
        {
            a.Dispose();
            b.Dispose();
            LoopbackServices.DropDatabase(database);
        }
    }
}
