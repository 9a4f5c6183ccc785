using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// /plan on a real host: an Editor marks a task done with its evidence (or undoes it), a bad form stores nothing and says
/// why, a Viewer only reads. The clock is the tests' (27/11/2026 in Vietnam), so 2026's tasks are not yet due and
/// 2025's are all overdue.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class PlanTaskTests : IDisposable
{
    private const string TaskCode = "xu-ly-van-ban-trai-quy-dinh";
    private const string TaskText = "Xử lý hoặc kiến nghị xử lý các văn bản trái quy định phát hiện qua rà soát";
    private const string Evidence = "Báo cáo số 45/BC-UBND ngày 10/11/2026 về kết quả rà soát văn bản";

    private readonly DashboardApp _app = new(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });

    public void Dispose() => _app.Dispose();

    private async Task<HttpClient> ClientAsync(string name, string role, string unit = "que-minh")
    {
        await _app.CreateUserAsync(name, role, unit);
        return await _app.SignedInClientAsync(name, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> fields, bool token = true)
    {
        if (token)
        {
            var page = await client.GetStringAsync("/plan");
            fields["__RequestVerificationToken"] = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        }
        return await client.PostAsync("/plan/status", new FormUrlEncodedContent(fields));
    }

    private static Dictionary<string, string> Done(string evidence = Evidence, string task = TaskCode, string unit = "que-minh", string doneOn = "2026-11-10") => new()
    {
        ["unit"] = unit, ["task"] = task, ["year"] = "2026", ["done"] = "true", ["evidence"] = evidence, ["doneOn"] = doneOn,
    };

    private static string Outcome(HttpResponseMessage response) =>
        Uri.UnescapeDataString(response.Headers.Location?.OriginalString ?? $"({response.StatusCode})");

    private async Task<(List<PlanTaskStatus> Rows, List<PlanTaskHistory> History)> StoredAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return (await db.PlanTasks.AsNoTracking().ToListAsync(), await db.PlanTaskHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync());
    }

    [Fact]
    public async Task An_editor_marks_a_task_done_with_evidence_it_persists_and_shows_and_undoing_it_is_kept_in_the_history()
    {
        using var editor = await ClientAsync("van-thu", Roles.Editor);
        var before = _app.Clock.GetUtcNow().UtcDateTime;

        var saved = await PostAsync(editor, Done());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith($"/plan?saved={TaskCode}&unit=que-minh&year=2026", Outcome(saved));

        var (rows, history) = await StoredAsync();
        var row = Assert.Single(rows);
        Assert.Equal(("que-minh", TaskCode, 2026, true, Evidence, new DateOnly(2026, 11, 10), "van-thu"),
            (row.UnitCode, row.TaskCode, row.Year, row.Done, row.Evidence, row.DoneOn, row.RecordedBy));
        Assert.InRange(row.RecordedAt, before, _app.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(DateTimeKind.Utc, row.RecordedAt.Kind);
        Assert.True(Assert.Single(history).Done);

        var page = await editor.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains($"Đã ghi: “{TaskText}” đã hoàn thành.", page);
        var taskRow = Regex.Match(page, $"<tr id=\"task-{TaskCode}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("data-state=\"Done\"", taskRow);
        Assert.Contains("Đã hoàn thành", taskRow);
        Assert.Contains(Evidence, taskRow);
        Assert.Contains("Hoàn thành ngày 10/11/2026", taskRow);
        Assert.Contains("van-thu ghi lúc", taskRow);
        // 1 of the 17 done; on 27/11/2026 none of 2026's tasks (due 31/12) is overdue.
        const string line = "Nhiệm vụ không định lượng: 1/17 đã hoàn thành · 0 quá hạn";
        Assert.Contains(line, page);
        foreach (var other in new[] { "/", "/briefing" })
        {
            var html = await editor.GetStringAsync(other);
            var summary = Regex.Match(html, "<p class=\"plan-tasks-summary\".*?</p>", RegexOptions.Singleline).Value;
            Assert.Contains(line, summary);
            Assert.Contains("href=\"/plan?unit=que-minh\"", summary);
        }

        // The same in the workbook, in Vietnamese: every task with its state and evidence.
        var export = await editor.GetAsync("/export/plan/2026.xlsx?unit=que-minh");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var sheet = TabularReader.ReadXlsx(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), "x.xlsx", sheetName: "Nhiệm vụ");
        Assert.Equal(17, sheet.Rows.Count);
        var exported = sheet.Rows.Single(r => r.Get("Nhiệm vụ") == TaskText);
        Assert.Equal(("3.1", "Công chức Tư pháp – Hộ tịch xã", "Đã hoàn thành", Evidence, "van-thu"),
            (exported.Get("Mục kế hoạch"), exported.Get("Chủ trì"), exported.Get("Tình trạng"), exported.Get("Minh chứng"), exported.Get("Người nhập")));
        Assert.Equal(16, sheet.Rows.Count(r => r.Get("Tình trạng") == "Chưa hoàn thành"));

        var undo = await PostAsync(editor, new() { ["unit"] = "que-minh", ["task"] = TaskCode, ["year"] = "2026", ["done"] = "false" });
        Assert.StartsWith($"/plan?undone={TaskCode}", Outcome(undo));
        (rows, history) = await StoredAsync();
        Assert.Equal((false, (string?)null, (DateOnly?)null), (rows.Single().Done, rows.Single().Evidence, rows.Single().DoneOn));
        Assert.Equal([true, false], history.Select(h => h.Done));
        Assert.Equal(Evidence, history[0].Evidence);

        // 2025 seen from 27/11/2026: every task was due by 31/12/2025 and none is done.
        var lastYear = await editor.GetStringAsync("/plan?unit=que-minh&year=2025");
        Assert.Contains("Nhiệm vụ không định lượng: 0/17 đã hoàn thành · 17 quá hạn", lastYear);
        Assert.Equal(17, Regex.Matches(lastYear, "data-state=\"Overdue\"").Count);
    }

    [Fact]
    public async Task A_bad_form_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        using var editor = await ClientAsync("van-thu", Roles.Editor);

        var noEvidence = await PostAsync(editor, Done(evidence: "   "));
        Assert.Contains("error=Minh chứng: cần ghi minh chứng khi đánh dấu hoàn thành", Outcome(noEvidence));
        var shown = await editor.GetStringAsync(noEvidence.Headers.Location!.OriginalString);
        Assert.Matches("role=\"alert\" data-role=\"plan-error\">Minh chứng: cần ghi minh chứng khi đánh dấu hoàn thành[^<]*Chưa ghi gì.", shown);

        Assert.Contains("error=Minh chứng: dài 501 ký tự, tối đa 500 ký tự", Outcome(await PostAsync(editor, Done(evidence: new string('x', 501)))));
        Assert.Contains("error=Nhiệm vụ \"khong-co\" không có trong kế hoạch", Outcome(await PostAsync(editor, Done(task: "khong-co"))));
        // que-an is a sibling commune, outside this account's units.
        Assert.Contains("error=Đơn vị: bạn không được ghi cho đơn vị \"que-an\"", Outcome(await PostAsync(editor, Done(unit: "que-an"))));
        Assert.Contains("error=Ngày hoàn thành: 28/11/2026 là sau hôm nay (27/11/2026)", Outcome(await PostAsync(editor, Done(doneOn: "2026-11-28"))));
        Assert.Contains("error=Ngày hoàn thành: \"hôm qua\" không phải một ngày", Outcome(await PostAsync(editor, Done(doneOn: "hôm qua"))));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(editor, Done(), token: false)).StatusCode);

        var (rows, history) = await StoredAsync();
        Assert.Empty(rows);
        Assert.Empty(history);
    }

    [Fact]
    public async Task A_viewer_reads_the_tasks_but_cannot_post()
    {
        using var viewer = await ClientAsync("lanh-dao", Roles.Viewer);

        var page = await viewer.GetStringAsync("/plan");
        Assert.Contains(TaskText, page);
        Assert.Contains("data-role=\"plan-read-only\"", page);
        Assert.DoesNotContain("data-role=\"task-form\"", page);
        Assert.Contains("Nhiệm vụ không định lượng: 0/17 đã hoàn thành · 0 quá hạn", page);

        var posted = await PostAsync(viewer, Done());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("/account/access-denied", posted.Headers.Location!.OriginalString);
        var (rows, history) = await StoredAsync();
        Assert.Empty(rows);
        Assert.Empty(history);
    }
}
