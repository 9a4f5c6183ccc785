using System.Globalization;
using Bunit;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Components.Plan;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

/// <summary>
/// The task list on 15/07/2026: A (by 31/12) done with evidence, B (by 30/06) not done → overdue, C (by 31/12) not done
/// → not done yet. Read-only (a Viewer): no form.
/// </summary>
public sealed class PlanTaskListTests : BunitContext
{
    private static readonly Agency Office = new("van-phong", new("Văn phòng UBND xã", "Commune office"));
    private static readonly PlanSection Procedures = new("3.2", 1, "thu-tuc-hanh-chinh", new("Cải cách thủ tục hành chính", "Procedure reform"));
    private static readonly PlanSection Remedies = new("III.1", 2, "nhiem-vu", new("Mục III.1 của kế hoạch", "Plan item III.1"));

    private static readonly KpiCatalog Catalog = new("test", new("Kế hoạch", "Plan"), [Office], [Procedures],
        [new KpiDefinition("ho-so-tre-han", new("Hồ sơ trễ hẹn", "Late dossiers"), Procedures, KpiUnit.Percent, null, null, Office, [],
            KpiBasis.Records, "one-stop")],
        [
            new PlanTask("a", Procedures, new("Công khai tiến độ hồ sơ", "Publish dossier progress"), Office, TaskDue.EndOfYear),
            new PlanTask("b", Procedures, new("Số hoá TTHC", "Digitise procedures"), Office, new TaskDue(6, 30)),
            new PlanTask("c", Remedies, new("Báo cáo kết quả khắc phục", "Report the remedies"), Office, TaskDue.EndOfYear),
        ]);

    public PlanTaskListTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 7, 15, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Each_task_shows_its_state_on_the_day_with_due_date_owner_and_evidence()
    {
        var statuses = new Dictionary<string, PlanTaskStatus>
        {
            ["a"] = new()
            {
                UnitCode = "que-minh", TaskCode = "a", Year = 2026, Done = true, Evidence = "Công văn 12/UBND ngày 02/07/2026",
                DoneOn = new DateOnly(2026, 7, 2), RecordedBy = "van-thu", RecordedAt = new DateTime(2026, 7, 2, 8, 0, 0, DateTimeKind.Utc),
            },
        };

        var cut = Render<PlanTaskList>(p => p
            .Add(x => x.Catalog, Catalog).Add(x => x.Statuses, statuses).Add(x => x.UnitCode, "que-minh")
            .Add(x => x.Year, 2026).Add(x => x.Today, new DateOnly(2026, 7, 15)).Add(x => x.CanEdit, false));

        string State(string code) => cut.Find($"tr[data-task='{code}'] [data-role='state']").TextContent;
        Assert.Equal("Đã hoàn thành", State("a"));
        Assert.Equal("Quá hạn", State("b"));
        Assert.Equal("Chưa hoàn thành", State("c"));
        Assert.Contains("status-met", cut.Find("tr[data-task='a']").ClassName);
        Assert.Contains("status-not-met", cut.Find("tr[data-task='b']").ClassName);
        Assert.Contains("status-no-data", cut.Find("tr[data-task='c']").ClassName);

        Assert.Equal("chậm nhất 30/06/2026", cut.Find("tr[data-task='b'] [data-role='due']").TextContent);
        Assert.Equal("chậm nhất 31/12/2026", cut.Find("tr[data-task='c'] [data-role='due']").TextContent);
        Assert.Equal("Văn phòng UBND xã", cut.Find("tr[data-task='b'] [data-role='owner']").TextContent);
        Assert.Equal("Công văn 12/UBND ngày 02/07/2026", cut.Find("tr[data-task='a'] [data-role='evidence']").TextContent);
        Assert.Contains("Hoàn thành ngày 02/07/2026", cut.Find("tr[data-task='a'] [data-role='done-on']").TextContent);
        Assert.Empty(cut.FindAll("tr[data-task='b'] [data-role='evidence']"));

        // By section, in plan order; a Viewer gets no form.
        Assert.Equal(["3.2", "III.1"], cut.FindAll("table[data-role='tasks']").Select(t => t.GetAttribute("data-section")));
        Assert.Empty(cut.FindAll("form"));
    }

    [Theory]
    [InlineData("https://quesonhuyen.quangnam.gov.vn/tin/hoi-nghi-cchc-2026", "https://quesonhuyen.quangnam.gov.vn/tin/hoi-nghi-cchc-2026")]
    [InlineData("Công văn 12/UBND ngày 02/07/2026", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("file:///etc/passwd", null)]
    public void Evidence_that_is_only_a_web_address_becomes_a_link(string evidence, string? link) =>
        Assert.Equal(link, PlanTaskList.EvidenceLink(evidence));
}
