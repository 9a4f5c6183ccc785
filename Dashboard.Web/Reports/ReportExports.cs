using System.Globalization;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Components.Records;
using Dashboard.Web.Export;
using Dashboard.Web.Hosting;
using Dashboard.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Reports;

/// <summary>
/// The periodic reports to the district: any period of <c>/kpi/{code}</c> and <c>/scores</c> as an XLSX workbook, in
/// Vietnamese whatever the page language, with every record (the page lists the first few hundred).
/// </summary>
public static class ReportExports
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapReportExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/kpi/{code}.xlsx", KpiAsync).RequireAuthorization(Accounts.Roles.CanView);
        app.MapGet("/export/scores/{rubric}.xlsx", ScoresAsync).RequireAuthorization(Accounts.Roles.CanView);
        return app;
    }

    private static async Task<IResult> KpiAsync(string code, string? unit, string? period, string? cutoff, string? date, Scoreboard board,
        IStringLocalizer<Strings> loc, IOptions<DashboardOptions> options, IOptions<ScoresOptions> scores, TimeProvider clock, Accounts.UnitAccess access,
        HttpContext http, CancellationToken ct)
    {
        if (board.Catalog.Find(code) is not { } kpi) return Results.NotFound();
        using var _ = Vietnamese();
        string T(string key) => loc[key];
        if (access.Choose(http.User, unit, options.Value.HomeUnit) is not { } target) return Results.Forbid();
        var choice = PeriodChoice.From(period, cutoff, date, PeriodChoice.Default(kpi.Window, scores.Value.CutOff, VietnamTime.Today(clock)), VietnamTime.Today(clock));
        var r = await KpiReport.BuildAsync(board, kpi, target, choice, allRecords: true, loc, access.Allowed(http.User), recordLimit: null, ct);
        // The workbook names the target, section and owner of the plan in force in the period's year, as the screen does.
        kpi = r.Kpi;

        var book = new XlsxWorkbook();
        var sheet = book.AddSheet(T(nameof(Strings.SheetKpi))).Header(T(nameof(Strings.ColumnItem)), T(nameof(Strings.ColumnValue))).Widths(34, 60);
        // First, so a workbook forwarded on its own still says its figures are not real.
        if (r.Demo) sheet.BoldRow(T(nameof(Strings.DemoData)), T(nameof(Strings.DemoBanner)));
        sheet.Row(T(nameof(Strings.SheetKpi)), kpi.Name.Current)
            .Row(T(nameof(Strings.ColumnUnit)), target.Name.Current)
            .Row(T(nameof(Strings.ReportPeriod)), $"{PeriodChoice.Label(choice.Window, loc)} ({PeriodChoice.Range(choice.Window)})")
            .Row(T(nameof(Strings.ReportSection)), string.Format(T(nameof(Strings.PlanSectionOf)), kpi.Section.Code, kpi.Section.Name.Current))
            .Row(T(nameof(Strings.Owner)), kpi.Owner.Name.Current)
            .Row(T(nameof(Strings.Target)), KpiFormat.Target(kpi, loc))
            .Row(T(nameof(Strings.ColumnValue)), Value(kpi.Unit, r.Figure.Value))
            .Row(T(nameof(Strings.ColumnState)), KpiFormat.FigureStatus(r.Figure, loc))
            .Row(T(nameof(Strings.ReportComputedAt)), XlsxCell.DateTime(VietnamTime.ToLocal(r.ComputedAt).DateTime));
        if (r.Measure is not null)
            sheet.Row(T(nameof(Strings.ReportRecordsCounted)), (decimal)r.RecordCount).Row(T(nameof(Strings.ReportRecordsFailing)), (decimal)r.FailingCount);

        var trend = book.AddSheet(T(nameof(Strings.SheetTrend))).Header(T(nameof(Strings.ReportPeriod)), T(nameof(Strings.ColumnValue))).Widths(40, 16);
        foreach (var t in r.Trend) trend.Row(PeriodChoice.Label(t.Window, loc), Value(kpi.Unit, t.Figure.Value));

        if (r.Measure is not null)
        {
            var records = book.AddSheet(T(nameof(Strings.SheetRecords)))
                .Header(T(nameof(Strings.ColumnCode)), T(nameof(Strings.ColumnContent)), T(nameof(Strings.ColumnAgency)), T(nameof(Strings.ColumnReceived)),
                    T(nameof(Strings.ColumnDue)), T(nameof(Strings.ColumnFinished)), T(nameof(Strings.ColumnState)), T(nameof(Strings.ColumnFallsShort)))
                .Widths(26, 40, 28, 18, 12, 18, 36, 10);
            foreach (var row in r.Records)
                records.Row(row.Key, row.Title, row.Agency, Local(row.Received), XlsxCell.Date(row.Due), Local(row.Finished), row.State,
                    row.Failing ? T(nameof(Strings.Yes)) : T(nameof(Strings.No)));
        }
        Ranking(book, r.Ranking, loc, v => Value(kpi.Unit, v));
        return File(book, $"chi-so-{kpi.Code}-{target.Code}-{choice.Window.Start:yyyyMMdd}-{choice.Window.LastDay:yyyyMMdd}.xlsx");
    }

    private static async Task<IResult> ScoresAsync(string rubric, string? unit, string? period, string? cutoff, string? date, Scoreboard board,
        IDbContextFactory<DashboardDbContext> dbFactory, IStringLocalizer<Strings> loc, IOptions<DashboardOptions> options,
        IOptions<ScoresOptions> scores, TimeProvider clock, Accounts.UnitAccess access, HttpContext http, CancellationToken ct)
    {
        if (board.Rubrics.Find(rubric) is not { } found) return Results.NotFound();
        using var _ = Vietnamese();
        string T(string key) => loc[key];
        if (access.Choose(http.User, unit, options.Value.HomeUnit) is not { } target) return Results.Forbid();
        var choice = PeriodChoice.From(period, cutoff, date, scores.Value.DefaultWindow, scores.Value.CutOff, VietnamTime.Today(clock));
        var r = await ScoreReport.BuildAsync(board, dbFactory, found, target, choice, access.Allowed(http.User), ct);

        var book = new XlsxWorkbook();
        var sheet = book.AddSheet(T(nameof(Strings.SheetScores))).Header(T(nameof(Strings.ColumnItem)), T(nameof(Strings.ColumnValue)))
            .Widths(14, 60, 14, 12, 10, 12, 60);
        if (r.Demo) sheet.BoldRow(T(nameof(Strings.DemoData)), T(nameof(Strings.DemoBanner)));
        sheet.Row(T(nameof(Strings.ColumnUnit)), target.Name.Current)
            .Row(T(nameof(Strings.RubricLabel)), found.Example ? $"{found.Name.Current} ({T(nameof(Strings.ExampleRubric))})" : found.Name.Current)
            .Row(T(nameof(Strings.ReportIssuer)), found.Issuer.Current)
            .Row(T(nameof(Strings.ReportPeriod)), $"{PeriodChoice.Label(choice.Window, loc)} ({PeriodChoice.Range(choice.Window)})")
            .Row(T(nameof(Strings.ColumnScore)), r.Card.Graded ? XlsxCell.Number(r.Card.Score100, "0.00") : XlsxCell.Text(T(nameof(Strings.ScoreNotGraded))))
            .Row(T(nameof(Strings.ColumnBand)), ScoreText.Band(r.Card, loc))
            .Row(T(nameof(Strings.ReportCoverage)), r.Card.Graded ? ScoreText.CoverageWithRecords(r.Card, loc)
                : $"{ScoreText.CoverageWithRecords(r.Card, loc)} · {ScoreText.GradingRule(r.Card, loc)}")
            .Row(T(nameof(Strings.ColumnPoints)), XlsxCell.Number(r.Card.Points, "0.00"))
            .Row(T(nameof(Strings.ReportMaxWithData)), XlsxCell.Number(r.Card.MaxWithData, "0.00"))
            .Row(T(nameof(Strings.ColumnLost)), XlsxCell.Number(r.Card.Lost, "0.00"))
            .Row(T(nameof(Strings.ReportComputedAt)), XlsxCell.DateTime(VietnamTime.ToLocal(r.ComputedAt).DateTime))
            .Row()
            .BoldRow(T(nameof(Strings.ColumnCode)), T(nameof(Strings.ColumnCriterion)), T(nameof(Strings.ColumnMeasured)), T(nameof(Strings.ColumnPoints)),
                T(nameof(Strings.ColumnMax)), T(nameof(Strings.ColumnLost)), T(nameof(Strings.ColumnRecovery)));
        foreach (var g in r.Card.Groups)
        {
            sheet.BoldRow(g.Group.Code, g.Group.Name.Current, XlsxCell.Empty, XlsxCell.Number(g.Points, "0.00"), XlsxCell.Number(g.Group.MaxPoints, "0.00"),
                XlsxCell.Number(g.Lost, "0.00"));
            foreach (var c in g.Criteria)
            {
                var note = !c.Applies ? T(nameof(Strings.ScopeProvince))
                    : c.Criterion.Rule.Type == Shared.Scoring.RuleType.Tracked ? T(nameof(Strings.TrackedOnly))
                    : !c.HasData ? T(nameof(Strings.NoDataShort))
                    : ScoreText.Recovery(c, loc);
                sheet.Row(c.Criterion.Code, c.Criterion.Name.Current, c.Applies ? XlsxCell.Number(c.Value, "0.00") : XlsxCell.Empty,
                    c.Scored ? XlsxCell.Number(c.Points, "0.00") : XlsxCell.Empty, c.Scored ? XlsxCell.Number(c.MaxPoints, "0.00") : XlsxCell.Empty,
                    XlsxCell.Number(c.Lost, "0.00"), note);
            }
        }
        Ranking(book, r.Ranking, loc, v => XlsxCell.Number(v, "0.00"));
        return File(book, $"diem-{found.Code}-{target.Code}-{choice.Window.Start:yyyyMMdd}-{choice.Window.LastDay:yyyyMMdd}.xlsx");
    }

    private static void Ranking(XlsxWorkbook book, IReadOnlyList<RankRow> rows, IStringLocalizer<Strings> loc, Func<decimal?, XlsxCell> format)
    {
        string T(string key) => loc[key];
        var sheet = book.AddSheet(T(nameof(Strings.SheetRanking)))
            .Header(T(nameof(Strings.ColumnRank)), T(nameof(Strings.ColumnUnit)), T(nameof(Strings.ColumnValue)), T(nameof(Strings.ColumnBand)))
            .Widths(8, 30, 14, 14);
        foreach (var row in rows)
            sheet.Row(XlsxCell.Number(row.Rank), row.Unit.Name.Current, format(row.Value), row.Band?.Name.Current);
    }

    private static XlsxCell Value(Shared.Catalog.KpiUnit unit, decimal? value) =>
        unit == Shared.Catalog.KpiUnit.Percent ? XlsxCell.Percent(value, 2) : XlsxCell.Number(value, unit == Shared.Catalog.KpiUnit.Vnd ? "#,##0" : "0.##");

    private static XlsxCell Local(DateTimeOffset? at) => XlsxCell.DateTime(at is { } a ? VietnamTime.ToLocal(a).DateTime : null);

    private static IResult File(XlsxWorkbook book, string name) => Results.File(book.ToArray(), XlsxType, name);

    /// <summary>Reports go to the district in Vietnamese, whatever language the person exporting reads the pages in.</summary>
    private static CultureScope Vietnamese() => new(CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>Runs a block in one culture (an export in Vietnamese, a digest in its subscription's language) and restores the caller's.</summary>
    public sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
