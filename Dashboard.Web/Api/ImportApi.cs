using Dashboard.Jobs.Feeds.Records;
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
        app.MapPost("/import/upload", UploadFromPageAsync);
        app.MapPost("/api/v1/imports", UploadFromApiAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> UploadFromPageAsync([FromForm] string feed, [FromForm] string kind, [FromForm] string? unit,
        IFormFile? file, RecordImport import, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Results.LocalRedirect("/import?error=no-file");
        await using var stream = file.OpenReadStream();
        var outcome = await import.ImportAsync(feed, kind, string.IsNullOrWhiteSpace(unit) ? null : unit, stream, file.FileName, "upload", ct);
        return Results.LocalRedirect($"/import?run={outcome.RunId}");
    }

    private static async Task<IResult> UploadFromApiAsync(string feed, string kind, string? unit, IFormFile? file,
        RecordImport import, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Chưa có tệp nào được gửi (trường 'file')."] });
        if (RecordKinds.Find(kind) is null)
            return Results.ValidationProblem(new Dictionary<string, string[]>
                { ["kind"] = [$"Loại hồ sơ '{kind}' không có ({string.Join(", ", RecordKinds.All.Select(k => k.Code))})."] });
        try
        {
            await using var stream = file.OpenReadStream();
            var o = await import.ImportAsync(feed, kind, unit, stream, file.FileName, "upload", ct);
            return Results.Ok(new
            {
                runId = o.RunId, succeeded = o.Succeeded, error = o.Error, accepted = o.Accepted, rejected = o.Rejected,
                inserted = o.Stored.Inserted, updated = o.Stored.Updated, unchanged = o.Stored.Unchanged,
            });
        }
        catch (ArgumentException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["feed"] = [ex.Message] });
        }
    }
}
