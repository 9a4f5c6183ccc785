using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Plan;
using Dashboard.Web.Export;
using Dashboard.Web.Hosting;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Reports;

/// <summary><c>/plan</c> as an XLSX workbook for one unit and year, in Vietnamese like every report: each task with its state and evidence.</summary>
public static class PlanExport
{
    public const string Path = "/export/plan/{year:int}.xlsx";

    public static async Task<IResult> ExportAsync(int year, string? unit, KpiCatalog catalog, PlanTaskStore store, IStringLocalizer<Strings> loc,
        IOptions<DashboardOptions> options, TimeProvider clock, Accounts.UnitAccess access, HttpContext http, CancellationToken ct)
    {
        using var _ = new ReportExports.CultureScope(CultureInfo.GetCultureInfo("vi-VN"));
        string T(string key) => loc[key];
        if (access.Choose(http.User, unit, options.Value.HomeUnit) is not { } target) return Results.Forbid();
        var today = VietnamTime.Today(clock);
        if (year is < 2000 or > 2100) return Results.NotFound();
        var y = year;
        var statuses = await store.ForUnitAsync(target.Code, y, ct);
        var summary = PlanTaskRules.Summarize(catalog.Tasks, y, code => statuses.TryGetValue(code, out var s) && s.Done, today);

        var book = new XlsxWorkbook();
        // One header row per sheet, as the summary sheet of the KPI workbook: the tasks read back as a table.
        book.AddSheet(T(nameof(Strings.PlanSheetSummary))).Header(T(nameof(Strings.ColumnItem)), T(nameof(Strings.ColumnValue))).Widths(34, 60)
            .Row(T(nameof(Strings.ColumnUnit)), target.Name.Current)
            .Row(T(nameof(Strings.ColumnYear)), XlsxCell.Number(y))
            .Row(T(nameof(Strings.PlanTitle)), PlanSummaryLine.Text(summary, loc))
            .Row(T(nameof(Strings.ReportComputedAt)), XlsxCell.DateTime(VietnamTime.ToLocal(clock.GetUtcNow()).DateTime));
        var sheet = book.AddSheet(T(nameof(Strings.PlanColumnTask))).Widths(10, 60, 30, 12, 16, 50, 14, 16, 18)
            .Header(T(nameof(Strings.ReportSection)), T(nameof(Strings.PlanColumnTask)), T(nameof(Strings.Owner)), T(nameof(Strings.PlanColumnDue)),
                T(nameof(Strings.PlanColumnStatus)), T(nameof(Strings.PlanColumnEvidence)), T(nameof(Strings.PlanDoneOnLabel)),
                T(nameof(Strings.ManualWho)), T(nameof(Strings.ManualAt)));
        foreach (var task in catalog.Tasks)
        {
            var status = statuses.GetValueOrDefault(task.Code);
            var state = PlanTaskRules.State(task, y, status?.Done == true, today);
            sheet.Row(task.Section.Code, task.Text.Current, task.Owner.Name.Current, XlsxCell.Date(task.Due.On(y)), PlanTaskList.StateText(state, loc),
                status?.Evidence, XlsxCell.Date(status?.DoneOn),
                status?.RecordedBy, XlsxCell.DateTime(status is null ? null : VietnamTime.ToLocal(new DateTimeOffset(status.RecordedAt, TimeSpan.Zero)).DateTime));
        }
        return Results.File(book.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"nhiem-vu-ke-hoach-{target.Code}-{y.ToString(CultureInfo.InvariantCulture)}.xlsx");
    }
}
