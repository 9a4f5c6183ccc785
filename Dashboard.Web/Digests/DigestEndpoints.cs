using System.Security.Claims;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Web.Digests;

/// <summary>
/// The forms of /digests (plain posts with antiforgery, answered with a redirect that carries the outcome) and the
/// preview. Admins and Editors manage every subscription of the units within their reach; a Viewer only their own, of
/// those units too. Any other subscription is "not found", whatever the request (docs/digests.md).
/// </summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/digests/save", SaveAsync).RequireAuthorization(Roles.CanView);
        app.MapPost("/digests/{id:long}/delete", DeleteAsync).RequireAuthorization(Roles.CanView);
        app.MapPost("/digests/{id:long}/test", TestAsync).RequireAuthorization(Roles.CanView);
        app.MapGet("/digests/{id:long}/preview", PreviewAsync).RequireAuthorization(Roles.CanView);
        return app;
    }

    public static bool ManagesAll(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);

    /// <summary>Sees, edits, previews, test-sends and deletes it: its unit is within the user's reach, and it is theirs or they manage all.</summary>
    public static bool CanManage(ClaimsPrincipal user, DigestSubscription s, UnitAccess access) =>
        access.CanSee(user, s.UnitCode) && (ManagesAll(user) || s.Owner == user.Identity?.Name);

    /// <summary>
    /// Where "send a test now" may go: the subscription's own recipients (they get it on schedule anyway) and the account's
    /// own address if it has one. Never a free address: a test carries the unit's figures.
    /// </summary>
    public static IReadOnlyList<string> TestAddresses(ClaimsPrincipal user, DigestSubscription s)
    {
        var addresses = DigestMailer.SplitRecipients(s.Recipients).ToList();
        if (user.FindFirst(ClaimTypes.Email)?.Value is { } own && IsAddress(own) && !addresses.Contains(own, StringComparer.OrdinalIgnoreCase))
            addresses.Add(own);
        return addresses;
    }

    private static async Task<IResult> SaveAsync([FromForm] DigestForm form, IDbContextFactory<DashboardDbContext> dbFactory, UnitAccess access,
        KpiCatalog catalog, IOptions<DigestOptions> options, IRecurringJobManager jobs, TimeProvider time, Audit audit, IStringLocalizer<Strings> loc,
        HttpContext http, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        DigestSubscription? row = null;
        if (form.Id is { } id)
        {
            row = await db.DigestSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
            if (row is null || !CanManage(http.User, row, access)) return Results.NotFound();
        }
        if (Validate(form, http.User, access, catalog, options.Value, loc) is { } problem) return Back("error", problem, form.Id);

        var now = time.GetUtcNow().UtcDateTime;
        if (row is null)
            db.DigestSubscriptions.Add(row = new DigestSubscription
            {
                Owner = http.User.Identity!.Name!, Name = "", Recipients = "", UnitCode = "", Cron = "", CreatedAt = now,
            });
        row.Name = form.Name!.Trim();
        row.Recipients = string.Join('\n', DigestMailer.SplitRecipients(form.Recipients));
        row.Language = form.Language == "en" ? "en" : "vi";
        row.UnitCode = form.Unit!;
        row.Preset = form.Preset!;
        row.Cron = DigestSchedule.PresetCron(form.Preset!) ?? form.Cron!.Trim();
        row.WorkingDaysOnly = form.Preset == DigestSchedule.WorkingDays || (form.Preset == DigestSchedule.Custom && form.WorkingDaysOnly == "on");
        row.Content = form.Content!;
        row.Areas = form.Content == "areas" ? string.Join(',', form.Areas ?? []) : "";
        row.Enabled = form.Enabled == "on";
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        // Same stable id on every save: editing a subscription moves its schedule, it never adds a second job.
        DigestSchedule.Register(jobs, row);
        await audit.WriteAsync(http.User.Identity?.Name ?? "?", "digest-saved", $"{row.Id} {row.Name} ({row.Cron}, {row.UnitCode})", http);
        return Back("saved", row.Name, null);
    }

    /// <summary>The first problem with the form, naming its field; null when it can be saved.</summary>
    public static string? Validate(DigestForm form, ClaimsPrincipal user, UnitAccess access, KpiCatalog catalog, DigestOptions options,
        IStringLocalizer<Strings> loc)
    {
        string F(string key, params object?[] args) => string.Format(loc[key], args);
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 200) return F(nameof(Strings.DigestErrorName));
        var recipients = DigestMailer.SplitRecipients(form.Recipients);
        if (recipients.Count == 0) return F(nameof(Strings.DigestErrorNoRecipients));
        if (recipients.Count > options.MaxRecipients) return F(nameof(Strings.DigestErrorTooManyRecipients), options.MaxRecipients);
        if (recipients.FirstOrDefault(r => !IsAddress(r)) is { } bad) return F(nameof(Strings.DigestErrorRecipient), bad);
        if (form.Language is not ("vi" or "en")) return F(nameof(Strings.DigestErrorLanguage));
        if (string.IsNullOrEmpty(form.Unit) || !access.CanSee(user, form.Unit)) return F(nameof(Strings.DigestErrorUnit), form.Unit);
        if (form.Preset is null || !DigestSchedule.Presets.Contains(form.Preset)) return F(nameof(Strings.DigestErrorPreset));
        if (form.Preset == DigestSchedule.Custom && DigestSchedule.Parse(form.Cron, out var cronError) is null)
            return F(nameof(Strings.DigestErrorCron), form.Cron, cronError);
        if (form.Content is not ("all" or "off-track" or "areas")) return F(nameof(Strings.DigestErrorContent));
        if (form.Content == "areas")
        {
            var areas = form.Areas ?? [];
            if (areas.Length == 0) return F(nameof(Strings.DigestErrorNoAreas));
            if (areas.FirstOrDefault(a => catalog.Sections.All(s => s.Code != a)) is { } unknown) return F(nameof(Strings.DigestErrorArea), unknown);
        }
        return null;
    }

    /// <summary>One plain address (name@domain.tld), as a person would type it; display names and groups are refused.</summary>
    public static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address == text && text.Length <= 254
        && text.IndexOf('@') is > 0 and var at && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.');

    private static async Task<IResult> DeleteAsync(long id, [FromForm] ConfirmForm? form, IDbContextFactory<DashboardDbContext> dbFactory,
        IRecurringJobManager jobs, Audit audit, UnitAccess access, IStringLocalizer<Strings> loc, HttpContext http, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.DigestSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (row is null || !CanManage(http.User, row, access)) return Results.NotFound();
        // Only the confirmation step sends confirm=1: a stray post (an old page, a script) deletes nothing.
        if (form?.Confirm != "1") return Back("error", string.Format(loc[nameof(Strings.DigestDeleteNotConfirmed)], row.Name), null);
        db.DigestSubscriptions.Remove(row);
        await db.SaveChangesAsync(ct);
        jobs.RemoveIfExists(DigestSchedule.JobId(id));
        await audit.WriteAsync(http.User.Identity?.Name ?? "?", "digest-deleted", $"{row.Id} {row.Name}", http);
        return Back("deleted", row.Name, null);
    }

    private static async Task<IResult> TestAsync(long id, [FromForm] TestForm form, IDbContextFactory<DashboardDbContext> dbFactory, DigestJob job,
        IStringLocalizer<Strings> loc, UnitAccess access, HttpContext http, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (row is null || !CanManage(http.User, row, access)) return Results.NotFound();
        var address = form.Address?.Trim() ?? "";
        var shown = address.Length <= 60 ? address : address[..60] + "…";
        if (!IsAddress(address)) return Back("error", string.Format(loc[nameof(Strings.DigestErrorTestAddress)], shown), id);
        if (TestAddresses(http.User, row).FirstOrDefault(a => a.Equals(address, StringComparison.OrdinalIgnoreCase)) is not { } allowed)
            return Back("error", string.Format(loc[nameof(Strings.DigestErrorTestRecipient)], shown), id);
        address = allowed;
        try
        {
            var refused = await job.SendTestAsync(row, address, ct);
            return refused.Count > 0
                ? Back("error", string.Format(loc[nameof(Strings.DigestTestFailed)], string.Join("; ", refused)), id)
                : Back("tested", address, null);
        }
        catch (Exception ex) when (ex is MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException
                                       or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Security.AuthenticationException
                                       or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            return Back("error", string.Format(loc[nameof(Strings.DigestTestFailed)], ex.Message), id);
        }
    }

    /// <summary>The digest as it would go out now, as the HTML the mail client gets.</summary>
    private static async Task<IResult> PreviewAsync(long id, IDbContextFactory<DashboardDbContext> dbFactory, DigestMailer mailer, DeliveryLog log,
        TimeProvider time, UnitAccess access, HttpContext http, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.DigestSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (row is null || !CanManage(http.User, row, access)) return Results.NotFound();
        var now = time.GetUtcNow();
        var previous = await log.PreviousFiguresAsync(row.Id, DigestSchedule.PeriodKey(now), ct);
        var digest = await mailer.ComposeAsync(row, now, previous, test: false, ct);
        return Results.Content(digest.Html, "text/html; charset=utf-8");
    }

    private static IResult Back(string key, string value, long? edit) =>
        Results.LocalRedirect($"/digests?{key}={Uri.EscapeDataString(value)}" + (edit is { } id ? $"&edit={id}" : ""));

    /// <summary>Every field optional to the binder, so a missing one gets the form's own message, not a 400.</summary>
    public sealed class DigestForm
    {
        public long? Id { get; set; }
        public string? Name { get; set; }
        public string? Recipients { get; set; }
        public string? Language { get; set; }
        public string? Unit { get; set; }
        public string? Preset { get; set; }
        public string? Cron { get; set; }
        public string? WorkingDaysOnly { get; set; }
        public string? Content { get; set; }
        public string[]? Areas { get; set; }
        public string? Enabled { get; set; }
    }

    public sealed class ConfirmForm
    {
        public string? Confirm { get; set; }
    }

    public sealed class TestForm
    {
        public string? Address { get; set; }
    }
}
