using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Api;

/// <summary>
/// File imports arrive as plain HTTP multipart uploads, never streamed over the Blazor circuit:
/// <c>POST /import/upload</c> from the /import page (antiforgery checked), <c>POST /api/v1/imports</c> for scripts.
/// </summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/import/upload", UploadFromPageAsync).RequireAuthorization(Roles.CanEdit);
        app.MapPost("/api/v1/imports", UploadFromApiAsync).DisableAntiforgery().RequireAuthorization(Roles.CanIngest);
        app.MapPost("/api/v1/records/{kind}", PostRecordsAsync).DisableAntiforgery().RequireAuthorization(Roles.CanIngest);
        return app;
    }

    /// <summary>The records variant of the webhook: a JSON array of objects whose fields are the file columns.</summary>
    private static async Task<IResult> PostRecordsAsync(string kind, string feed, string? unit, HttpRequest request,
        RecordImport import, Microsoft.Extensions.Options.IOptions<Hosting.IngestOptions> options, UnitAccess access, CancellationToken ct)
    {
        if (!ApiKeyAuthentication.MayWriteFeed(request.HttpContext.User, feed)) return FeedOutOfScope(feed);
        System.Text.Json.JsonDocument document;
        try
        {
            document = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"JSON không hợp lệ (dòng {ex.LineNumber + 1}): {ex.Message}"] });
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("records", out var list)) root = list;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Array || root.EnumerateArray().Any(e => e.ValueKind != System.Text.Json.JsonValueKind.Object))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Nội dung phải là một mảng các đối tượng JSON (hoặc { \"records\": [...] })."] });
            if (root.GetArrayLength() > options.Value.MaxReadingsPerRequest)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["records"] = [$"Một yêu cầu chỉ nhận tối đa {options.Value.MaxReadingsPerRequest} bản ghi."] });
            var items = root.EnumerateArray().Select(e => (IReadOnlyDictionary<string, string?>)e.EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.String => p.Value.GetString(),
                    System.Text.Json.JsonValueKind.Null => null,
                    System.Text.Json.JsonValueKind.True => "true",
                    System.Text.Json.JsonValueKind.False => "false",
                    _ => p.Value.GetRawText(),
                }, StringComparer.OrdinalIgnoreCase)).ToList();
            try
            {
                return Summary(await import.ImportItemsAsync(feed, kind, unit, items, ct, access.Allowed(request.HttpContext.User).Contains,
                    request.HttpContext.User.Identity?.Name));
            }
            catch (ArgumentException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.ParamName ?? "feed"] = [ex.Message] });
            }
        }
    }

    private static IResult FeedOutOfScope(string feed) =>
        Results.Problem(title: "Ngoài phạm vi của khóa API / Outside the API key's scope", detail: $"Khóa API này không được ghi cho nguồn '{feed}'.",
            statusCode: StatusCodes.Status403Forbidden);

    private static IResult Summary(ImportOutcome o) => Results.Ok(new
    {
        runId = o.RunId, succeeded = o.Succeeded, error = o.Error, accepted = o.Accepted, rejected = o.Rejected,
        inserted = o.Stored.Inserted, updated = o.Stored.Updated, unchanged = o.Stored.Unchanged,
    });

    private static async Task<IResult> UploadFromPageAsync([FromForm] string feed, [FromForm] string kind, [FromForm] string? unit,
        IFormFile? file, RecordImport import, UnitAccess access, HttpContext http, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Results.LocalRedirect("/import?error=no-file");
        await using var stream = file.OpenReadStream();
        var outcome = await import.ImportAsync(feed, kind, string.IsNullOrWhiteSpace(unit) ? null : unit, stream, file.FileName, FeedTriggers.Upload, ct,
            access.Allowed(http.User).Contains, http.User.Identity?.Name);
        return Results.LocalRedirect($"/import?run={outcome.RunId}");
    }

    private static async Task<IResult> UploadFromApiAsync(string feed, string kind, string? unit, IFormFile? file,
        RecordImport import, UnitAccess access, HttpContext http, CancellationToken ct)
    {
        if (!ApiKeyAuthentication.MayWriteFeed(http.User, feed)) return FeedOutOfScope(feed);
        if (file is null || file.Length == 0)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Chưa có tệp nào được gửi (trường 'file')."] });
        if (RecordKinds.Find(kind) is null)
            return Results.ValidationProblem(new Dictionary<string, string[]>
                { ["kind"] = [$"Loại hồ sơ '{kind}' không có ({string.Join(", ", RecordKinds.All.Select(k => k.Code))})."] });
        try
        {
            await using var stream = file.OpenReadStream();
            return Summary(await import.ImportAsync(feed, kind, unit, stream, file.FileName, FeedTriggers.Api, ct, access.Allowed(http.User).Contains,
                http.User.Identity?.Name));
        }
        catch (ArgumentException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.ParamName ?? "feed"] = [ex.Message] });
        }
    }
}
