using System.Globalization;
using System.Security.Claims;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Api;

/// <summary>
/// Marking a plan task done (with its evidence) or not done, from <c>/plan</c>: a plain form post with antiforgery, for
/// Editors and Admins, for the units within their reach, answered with a redirect that carries the outcome. A refused
/// form stores nothing.
/// </summary>
public static class PlanTaskEndpoints
{
    public const string Path = "/plan/status";

    public static IEndpointRouteBuilder MapPlanTaskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SaveAsync).RequireAuthorization(Roles.CanEdit);
        app.MapGet(Reports.PlanExport.Path, Reports.PlanExport.ExportAsync).RequireAuthorization(Roles.CanView);
        return app;
    }

    private static async Task<IResult> SaveAsync([FromForm] PlanTaskForm form, PlanTaskStore store, KpiCatalog catalog, UnitAccess access,
        TimeProvider time, Audit audit, IStringLocalizer<Strings> loc, HttpContext http, CancellationToken ct)
    {
        var today = VietnamTime.Today(time);
        if (Validate(form, http.User, access, catalog, today, loc, out var done, out var doneOn) is { } problem)
            return Back(form, "error", problem);

        var who = http.User.Identity!.Name!;
        var task = catalog.FindTask(form.Task!)!;
        var change = await store.SetAsync(who, form.Unit!, task.Code, form.Year!.Value, done, form.Evidence, doneOn, ct);
        if (change is not null)
            await audit.WriteAsync(who, done ? "plan-task-done" : "plan-task-undone",
                $"{change.UnitCode} {change.TaskCode} {change.Year}" + (done ? $": {change.DoneOn:yyyy-MM-dd} {change.Evidence}" : ""), http);
        return Back(form, done ? "saved" : "undone", task.Code);
    }

    /// <summary>The first problem with the form, naming its field; null when it can be saved.</summary>
    public static string? Validate(PlanTaskForm form, ClaimsPrincipal user, UnitAccess access, KpiCatalog catalog, DateOnly today,
        IStringLocalizer<Strings> loc, out bool done, out DateOnly? doneOn)
    {
        string F(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, loc[key], args);
        done = false;
        doneOn = null;
        if (string.IsNullOrEmpty(form.Unit) || !access.CanSee(user, form.Unit)) return F(nameof(Strings.PlanErrorUnit), form.Unit);
        if (string.IsNullOrEmpty(form.Task) || catalog.FindTask(form.Task) is null) return F(nameof(Strings.PlanErrorTask), form.Task);
        if (form.Year is not (>= 2000 and <= 2100)) return F(nameof(Strings.PlanErrorYear), form.Year);
        if (!bool.TryParse(form.Done, out done)) return F(nameof(Strings.PlanErrorDone), form.Done);
        if (!done) return null;

        var evidence = form.Evidence?.Trim() ?? "";
        if (evidence.Length == 0) return F(nameof(Strings.PlanErrorNoEvidence));
        if (evidence.Length > PlanTaskStore.MaxEvidence) return F(nameof(Strings.PlanErrorEvidenceLong), evidence.Length, PlanTaskStore.MaxEvidence);
        var text = form.DoneOn?.Trim();
        if (string.IsNullOrEmpty(text)) doneOn = today;
        else if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                 && day.Year >= 2000)
            doneOn = day;
        else return F(nameof(Strings.PlanErrorDoneOn), text);
        if (doneOn > today)
            return F(nameof(Strings.PlanErrorDoneOnFuture), doneOn.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        return null;
    }

    private static IResult Back(PlanTaskForm form, string key, string value)
    {
        var query = $"?{key}={Uri.EscapeDataString(value)}";
        if (!string.IsNullOrEmpty(form.Unit)) query += $"&unit={Uri.EscapeDataString(form.Unit)}";
        if (form.Year is { } year) query += $"&year={year.ToString(CultureInfo.InvariantCulture)}";
        // Back to the task's row.
        var anchor = string.IsNullOrEmpty(form.Task) ? "" : $"#task-{Uri.EscapeDataString(form.Task)}";
        return Results.LocalRedirect("/plan" + query + anchor);
    }

    /// <summary>Every field optional to the binder, so a missing one gets the form's own message, not a 400.</summary>
    public sealed class PlanTaskForm
    {
        public string? Unit { get; set; }
        public string? Task { get; set; }
        public int? Year { get; set; }
        /// <summary>"true": mark done; "false": mark not done.</summary>
        public string? Done { get; set; }
        public string? Evidence { get; set; }
        /// <summary>yyyy-MM-dd (a date input) or dd/MM/yyyy; empty: today in Vietnam.</summary>
        public string? DoneOn { get; set; }
    }
}
