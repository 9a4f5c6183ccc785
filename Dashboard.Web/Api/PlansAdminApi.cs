using System.Globalization;
using System.Text;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Export;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Api;

/// <summary>
/// The yearly plans an administrator makes on <c>/admin/plans</c>: create a year's draft from a plan in force, save it,
/// import a file into it, publish it, export any plan. Plain form posts answered with a redirect that carries the outcome;
/// every change goes to the audit trail, and a refused one changes nothing stored. A plan judges every unit, so only an
/// administrator who reaches them all (<see cref="AdminScope.ReachesAll"/>) changes one; any other may view and export.
/// </summary>
public static class PlansAdminApi
{
    private const int MaxPlanBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapPlansAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/plans/create", CreateAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapPost("/admin/plans/import", ImportAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapPost("/admin/plans/{id:long}/save", SaveAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapPost("/admin/plans/{id:long}/publish", PublishAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapGet("/admin/plans/{id:long}/export.json", ExportAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapGet("/admin/plans/in-force/{year:int}.json", ExportInForce).RequireAuthorization(Roles.CanAdminister);
        app.MapGet("/admin/plans/{id:long}/export.xlsx", ExportXlsxAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapGet("/admin/plans/in-force/{year:int}.xlsx", ExportInForceXlsx).RequireAuthorization(Roles.CanAdminister);
        return app;
    }

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "?";

    /// <summary>
    /// Null for an administrator who reaches every unit; for any other, 403 and an <c>admin-refused</c> entry, before
    /// anything is read from the request's file or stored. The page offers these forms to nobody else, so only a post
    /// by hand gets here.
    /// </summary>
    private static async Task<IResult?> RefusedAsync(HttpContext http, AdminScope scope, Audit audit, IStringLocalizer<Strings> loc, string what)
    {
        if (scope.ReachesAll(http.User)) return null;
        await audit.WriteAsync(Who(http), "admin-refused", $"plan {what}: {AdminRefusal.PlanOutOfReach}", http);
        return Results.Problem(title: "Không có quyền / Forbidden", detail: loc[nameof(Strings.AdminPlanOutOfReach)],
            statusCode: StatusCodes.Status403Forbidden);
    }

    // Each post takes the form as a parameter, so the antiforgery token is checked before anything runs.
    private static async Task<IResult> CreateAsync(IFormCollection form, HttpContext http, PlanBook plans, Audit audit, TimeProvider time,
        AdminScope scope, IStringLocalizer<Strings> loc, CancellationToken ct)
    {
        if (await RefusedAsync(http, scope, audit, loc, $"create {form["year"]}") is { } refused) return refused;
        if (!int.TryParse(form["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
            return Back("error", $"Năm kế hoạch '{form["year"]}' không hợp lệ (2000–2100). Chưa tạo gì.");
        if (!int.TryParse(form["from"], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from is < 2000 or > 2100)
            return Back("error", $"Năm của kế hoạch gốc '{form["from"]}' không hợp lệ. Chưa tạo gì.");
        try
        {
            var row = await plans.CreateAsync(year, from, Who(http), time.GetUtcNow().UtcDateTime, ct);
            await audit.WriteAsync(Who(http), "plan-created", $"{year} (bản nháp số {row.Id}, sao chép từ kế hoạch có hiệu lực năm {from})", http);
            return Results.LocalRedirect($"/admin/plans/{row.Id}?created=1");
        }
        catch (PlanException ex)
        {
            return Back("error", ex.Message);
        }
    }

    private static async Task<IResult> ImportAsync(IFormFile? file, HttpContext http, PlanBook plans, Audit audit, TimeProvider time,
        AdminScope scope, IStringLocalizer<Strings> loc, CancellationToken ct)
    {
        if (await RefusedAsync(http, scope, audit, loc, $"import {Path.GetFileName(file?.FileName)}") is { } refused) return refused;
        if (file is null || file.Length == 0) return Back("error", "Chưa chọn tệp kế hoạch (.json hoặc .xlsx).");
        if (file.Length > MaxPlanBytes) return Back("error", $"{file.FileName}: tệp lớn hơn 1 MB, không phải một kế hoạch.");
        var name = Path.GetFileName(file.FileName);
        try
        {
            // A workbook is read into the same plan file a JSON import gives, so both are validated alike.
            var json = name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? PlanWorkbook.ReadJson(file.OpenReadStream(), name, plans.Shipped)
                : await ReadUtf8Async(file, ct);
            if (json is null) return Back("error", $"{name}: tệp không phải UTF-8.");
            var row = await plans.ImportAsync(json, name, Who(http), time.GetUtcNow().UtcDateTime, ct);
            await audit.WriteAsync(Who(http), "plan-imported", $"{row.Year} (bản nháp số {row.Id}) từ tệp {name}", http);
            return Results.LocalRedirect($"/admin/plans/{row.Id}?imported=1");
        }
        catch (CatalogException ex)
        {
            return Back("error", Describe(ex, plans.Shipped));
        }
        catch (PlanException ex)
        {
            return Back("error", ex.Message);
        }
    }

    private static async Task<string?> ReadUtf8Async(IFormFile file, CancellationToken ct)
    {
        using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            return await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The edit table posted whole: each known KPI's row becomes its entry in the plan file, validated like an import.</summary>
    private static async Task<IResult> SaveAsync(long id, IFormCollection form, HttpContext http, PlanBook plans, Audit audit, TimeProvider time,
        AdminScope scope, IStringLocalizer<Strings> loc, CancellationToken ct)
    {
        if (await RefusedAsync(http, scope, audit, loc, $"save {id}") is { } refused) return refused;
        var version = await plans.FindAsync(id, ct);
        if (version is null) return Back("error", $"Không có kế hoạch số {id}.");
        var fileName = $"bản nháp kế hoạch năm {version.Year}";
        try
        {
            var current = PlanFile.Parse(version.Json, fileName, plans.Shipped);
            var kpis = new List<PlanKpi>();
            foreach (var known in plans.Shipped.Kpis)
            {
                var code = known.Code;
                var op = form[$"op.{code}"].ToString() switch
                {
                    "" => (TargetOperator?)null,
                    var text => Enum.TryParse<TargetOperator>(text, ignoreCase: true, out var o) && !int.TryParse(text, out _) ? o
                        : throw new CatalogException(fileName, code, "target.op", $"toán tử '{text}' không hợp lệ (lt, le, ge, gt)"),
                };
                var target = Number(form[$"target.{code}"], fileName, code, "target.value");
                var amber = Number(form[$"amber.{code}"], fileName, code, "amber");
                if (op is null && target is not null)
                    throw new CatalogException(fileName, code, "target.op", "có giá trị chỉ tiêu nhưng chưa chọn toán tử (hoặc xoá giá trị nếu chỉ theo dõi)");
                if (op is not null && target is null)
                    throw new CatalogException(fileName, code, "target.value", "thiếu giá trị chỉ tiêu");
                var coordinating = current.Kpis.FirstOrDefault(k => k.Code == code)?.Coordinating ?? known.Coordinating.Select(a => a.Code).ToList();
                kpis.Add(new PlanKpi(code, form[$"included.{code}"] == "on", form[$"section.{code}"].ToString(), op, target, amber,
                    form[$"owner.{code}"].ToString(), coordinating));
            }
            var json = new PlanFile(version.Year, kpis).ToJson();
            var saved = await plans.SaveAsync(id, json, fileName, Who(http), time.GetUtcNow().UtcDateTime, ct);
            await audit.WriteAsync(Who(http), "plan-saved", $"{version.Year} (bản nháp số {id}): {Changes(current, saved)}", http);
            return Results.LocalRedirect($"/admin/plans/{id}?saved=1");
        }
        catch (CatalogException ex)
        {
            return Results.LocalRedirect($"/admin/plans/{id}?error={Uri.EscapeDataString(Describe(ex, plans.Shipped))}");
        }
        catch (PlanException ex)
        {
            return Results.LocalRedirect($"/admin/plans/{id}?error={Uri.EscapeDataString(ex.Message)}");
        }
    }

    /// <param name="confirm">The confirmation step's form: only its antiforgery token matters.</param>
    private static async Task<IResult> PublishAsync(long id, IFormCollection confirm, HttpContext http, PlanBook plans, KpiEngine engine,
        Audit audit, TimeProvider time, AdminScope scope, IStringLocalizer<Strings> loc, CancellationToken ct)
    {
        if (await RefusedAsync(http, scope, audit, loc, $"publish {id}") is { } refused) return refused;
        try
        {
            var row = await plans.PublishAsync(id, Who(http), time.GetUtcNow().UtcDateTime, ct);
            // Every open page is judged again at once against the plan now in force (other nodes do so on PlansChanged).
            await engine.ReloadAsync(ct);
            await audit.WriteAsync(Who(http), "plan-published", $"{row.Year} (số {id})", http);
            return Back("published", row.Year.ToString(CultureInfo.InvariantCulture));
        }
        catch (CatalogException ex)
        {
            return Results.LocalRedirect($"/admin/plans/{id}?error={Uri.EscapeDataString(Describe(ex, plans.Shipped))}");
        }
        catch (PlanException ex)
        {
            return Results.LocalRedirect($"/admin/plans/{id}?error={Uri.EscapeDataString(ex.Message)}");
        }
    }

    private static async Task<IResult> ExportAsync(long id, PlanBook plans, CancellationToken ct)
    {
        var version = await plans.FindAsync(id, ct);
        if (version is null) return Results.NotFound();
        var state = version.State == PlanStates.Draft ? "-ban-nhap" : version.State == PlanStates.Superseded ? $"-so-{id}" : "";
        return Json(plans.FileFor(version, version.Year), $"ke-hoach-{version.Year}{state}.json");
    }

    /// <summary>The plan in force in a year, whichever it is (the shipped 2023 plan included).</summary>
    private static IResult ExportInForce(int year, PlanBook plans) =>
        year is < 2000 or > 2100 ? Results.NotFound() : Json(plans.FileFor(null, year), $"ke-hoach-{year}.json");

    private static async Task<IResult> ExportXlsxAsync(long id, PlanBook plans, CancellationToken ct)
    {
        var version = await plans.FindAsync(id, ct);
        if (version is null) return Results.NotFound();
        var state = version.State == PlanStates.Draft ? "-ban-nhap" : version.State == PlanStates.Superseded ? $"-so-{id}" : "";
        return Xlsx(plans.FileFor(version, version.Year), plans.Shipped, $"ke-hoach-{version.Year}{state}.xlsx");
    }

    private static IResult ExportInForceXlsx(int year, PlanBook plans) =>
        year is < 2000 or > 2100 ? Results.NotFound() : Xlsx(plans.FileFor(null, year), plans.Shipped, $"ke-hoach-{year}.xlsx");

    private static IResult Xlsx(PlanFile file, KpiCatalog known, string name) =>
        Results.File(PlanWorkbook.Write(file, known), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);

    private static IResult Json(PlanFile file, string name) =>
        Results.File(Encoding.UTF8.GetBytes(file.ToJson()), "application/json; charset=utf-8", name);

    private static decimal? Number(string? text, string file, string code, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // A browser's number field posts "95.5"; someone typing in Vietnamese writes "95,5".
        return decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CatalogException(file, code, field, $"'{text}' không phải là số");
    }

    /// <summary>What a save changed, KPI by KPI, for the audit trail ("sipas: chỉ tiêu > 90 → > 95").</summary>
    public static string Changes(PlanFile before, PlanFile after)
    {
        var changes = new List<string>();
        foreach (var a in after.Kpis)
        {
            var b = before.Kpis.FirstOrDefault(k => k.Code == a.Code);
            var parts = new List<string>();
            if (b?.Included != a.Included) parts.Add(a.Included ? "đưa vào kế hoạch" : "bỏ khỏi kế hoạch");
            if (b?.Section != a.Section) parts.Add($"mục {b?.Section} → {a.Section}");
            if (b?.Op != a.Op || b?.Target != a.Target) parts.Add($"chỉ tiêu {TargetText(b)} → {TargetText(a)}");
            if (b?.Amber != a.Amber) parts.Add($"ngưỡng cảnh báo {b?.Amber?.ToString(CultureInfo.InvariantCulture) ?? "—"} → {a.Amber?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
            if (b?.Owner != a.Owner) parts.Add($"chủ trì {b?.Owner} → {a.Owner}");
            if (parts.Count > 0) changes.Add($"{a.Code}: {string.Join(", ", parts)}");
        }
        return changes.Count == 0 ? "không thay đổi" : string.Join("; ", changes);

        static string TargetText(PlanKpi? k) => k?.Op is { } op && k.Target is { } v
            ? $"{new Target(op, v).Symbol} {v.ToString(CultureInfo.InvariantCulture)}"
            : "—";
    }

    /// <summary>A refused plan in the administrator's words: the file, the KPI by its name and code, the field, why.</summary>
    public static string Describe(CatalogException ex, KpiCatalog known)
    {
        var where = $"'{ex.File}'";
        if (ex.Item is not null) where += known.Find(ex.Item) is { } kpi ? $", KPI '{kpi.Name.Vi}' ({ex.Item})" : $", {ex.Item}";
        if (ex.Field is not null) where += $", trường '{ex.Field}'";
        return $"Kế hoạch không hợp lệ ({where}): {ex.Reason}. Chưa lưu gì; bản đang lưu không đổi.";
    }

    private static IResult Back(string key, string value) => Results.LocalRedirect($"/admin/plans?{key}={Uri.EscapeDataString(value)}");
}
