using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

/// <summary>
/// File imports arrive as plain HTTP multipart uploads, never streamed over the Blazor circuit:
/// <c>POST /import/upload</c> from the /import page (antiforgery checked), <c>POST /api/v1/imports</c> for scripts.
/// Both read the form themselves rather than through parameter binding, so that a missing field, a file over the limit
/// or an expired form is told apart and answered in Vietnamese (the page with a message, the API with a problem).
/// </summary>
public static class ImportApi
{
    /// <summary>Rejected rows listed in an import's answer; the rest are in the run's rejections CSV.</summary>
    public const int ListedRejections = 100;

    /// <summary>Room for the multipart framing and the form's other fields around a file of the full import limit.</summary>
    public const long MultipartOverhead = 1024 * 1024;

    /// <summary>Marks the file-upload endpoints, whose body limit is the import limit (<see cref="UseImportBodyLimit"/>).</summary>
    public sealed record UploadEndpoint(bool FromPage);

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        // The token is checked by the antiforgery middleware (this metadata asks for it); the handler reads the outcome.
        app.MapPost("/import/upload", UploadFromPageAsync).RequireAuthorization(Roles.CanEdit)
            .WithMetadata(new RequireAntiforgeryTokenAttribute(), new UploadEndpoint(FromPage: true));
        app.MapPost("/import/confirm", ConfirmFromPageAsync).RequireAuthorization(Roles.CanEdit)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/api/v1/imports", UploadFromApiAsync).DisableAntiforgery().RequireAuthorization(Roles.CanIngest)
            .WithMetadata(new UploadEndpoint(FromPage: false));
        app.MapPost("/api/v1/records/{kind}", PostRecordsAsync).DisableAntiforgery().RequireAuthorization(Roles.CanIngest);
        return app;
    }

    /// <summary>
    /// Gives the upload endpoints a body limit of the import limit plus the multipart framing (Kestrel's own default is
    /// 30 MB, the form reader's 128 MB), and answers a body declared larger before anything reads it: the antiforgery
    /// check reads the form first, and a body over the limit failed there as an antiforgery error. Goes after
    /// authorization (only a signed-in editor or a key holder gets this far) and before antiforgery.
    /// </summary>
    public static IApplicationBuilder UseImportBodyLimit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<UploadEndpoint>() is not { } upload)
        {
            await next(ctx);
            return;
        }
        var maxBytes = ctx.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBytes;
        var limit = maxBytes + MultipartOverhead;
        var size = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (ctx.Request.ContentLength > limit)
        {
            // Read what the client sends and drop it, up to a few times the limit: a browser that is still uploading
            // when the connection closes shows a connection error instead of the answer.
            if (ctx.Request.ContentLength <= 4 * limit && size is { IsReadOnly: false })
            {
                size.MaxRequestBodySize = ctx.Request.ContentLength;
                await ctx.Request.Body.CopyToAsync(Stream.Null, ctx.RequestAborted);
            }
            await (upload.FromPage ? BackToPage("too-large") : ApiProblems.TooLarge(maxBytes)).ExecuteAsync(ctx);
            return;
        }
        if (size is { IsReadOnly: false }) size.MaxRequestBodySize = limit;
        ctx.Features.Set<IFormFeature>(new FormFeature(ctx.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        await next(ctx);
    });

    /// <summary>The records variant of the webhook: a JSON array of objects whose fields are the file columns.</summary>
    private static async Task<IResult> PostRecordsAsync(string kind, string? feed, string? unit, HttpRequest request,
        RecordImport import, IOptions<Hosting.IngestOptions> options, UnitAccess access, IDbContextFactory<DashboardDbContext> dbFactory,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(feed)) return ApiProblems.MissingParameter("feed", "nguồn dữ liệu, ví dụ one-stop");
        if (!ApiKeyAuthentication.MayWriteFeed(request.HttpContext.User, feed)) return FeedOutOfScope(feed);
        if (RecordKinds.Find(kind) is null) return UnknownKind(kind);
        var (document, bodyError) = await JsonBody.ReadAsync(request, ct);
        if (document is null) return ApiProblems.Validation(bodyError!.Field, bodyError.Message);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var list)) root = list;
            if (root.ValueKind != JsonValueKind.Array || root.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
                return ApiProblems.Validation("body", "Nội dung phải là một mảng các đối tượng JSON (hoặc { \"records\": [...] }).");
            if (root.GetArrayLength() > options.Value.MaxReadingsPerRequest)
                return ApiProblems.Validation("records", $"Một yêu cầu chỉ nhận tối đa {options.Value.MaxReadingsPerRequest} bản ghi.");
            var errors = RepeatedFields(root);
            if (errors.Count > 0)
                return ApiProblems.Validation(errors, "Bản ghi không hợp lệ, không có bản ghi nào được lưu / Invalid records, nothing was stored");
            try
            {
                var outcome = await import.ImportItemsAsync(feed, kind, unit, root.EnumerateArray().ToList(), ct,
                    access.Allowed(request.HttpContext.User).Contains, request.HttpContext.User.Identity?.Name);
                return await AnswerAsync(outcome, feed, dbFactory, ct);
            }
            catch (ArgumentException ex) when (ex.ParamName is "feed" or "kind")
            {
                // RecordImport's own check of the feed and kind: a validation message it wrote in Vietnamese, without the suffix .NET adds.
                return ApiProblems.Validation(ex.ParamName, Message(ex));
            }
        }
    }

    /// <summary>
    /// Field names are matched without regard to case, so a name given twice in one object (<c>ma_ho_so</c> and
    /// <c>Ma_Ho_So</c>, or the same twice) is ambiguous and refused, naming the item and the field.
    /// </summary>
    private static Dictionary<string, string[]> RepeatedFields(JsonElement array)
    {
        var errors = new Dictionary<string, string[]>();
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in element.EnumerateObject())
            {
                if (names.TryGetValue(p.Name, out var first))
                {
                    var spelling = first == p.Name ? "" : $" (lần sau viết là '{ApiProblems.Excerpt(p.Name)}'; tên trường không phân biệt chữ hoa, chữ thường)";
                    errors.TryAdd($"records[{i}].{p.Name}",
                        [$"Trường '{ApiProblems.Excerpt(first)}' có hai lần trong bản ghi thứ {i + 1}{spelling}: không biết lấy giá trị nào."]);
                    continue;
                }
                names[p.Name] = p.Name;
            }
            i++;
        }
        return errors;
    }

    private static IResult FeedOutOfScope(string feed) =>
        Results.Problem(title: "Ngoài phạm vi của khóa API / Outside the API key's scope",
            detail: $"Khóa API này không được ghi cho nguồn '{ApiProblems.Excerpt(feed)}'.", statusCode: StatusCodes.Status403Forbidden);

    private static IResult UnknownKind(string kind) =>
        ApiProblems.Validation("kind", $"Loại hồ sơ '{ApiProblems.Excerpt(kind)}' không có ({string.Join(", ", RecordKinds.All.Select(k => k.Code))}).");

    /// <summary>An <see cref="ArgumentException"/>'s own message, without the "(Parameter 'x')" that .NET appends in English.</summary>
    private static string Message(ArgumentException ex) =>
        ex.ParamName is { } name && ex.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? ex.Message[..^$" (Parameter '{name}')".Length]
            : ex.Message;

    /// <summary>An import's answer: the counts and the first rejected rows with their reasons (a key holder cannot open /feeds).</summary>
    private static async Task<IResult> AnswerAsync(ImportOutcome o, string feed, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        List<RejectedRowDto> listed = [];
        if (o.Rejected > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            listed = await db.FeedRejections.AsNoTracking().Where(r => r.RunId == o.RunId).OrderBy(r => r.Row).ThenBy(r => r.Id)
                .Take(ListedRejections).Select(r => new RejectedRowDto(r.Row, r.Field, r.Reason)).ToListAsync(ct);
        }
        var csv = o.Rejected > 0 ? $"/feeds/{Uri.EscapeDataString(feed)}/runs/{o.RunId}/rejections.csv" : null;
        return Results.Ok(new ImportAnswer(o.RunId, o.Succeeded, o.Error, o.Accepted, o.Rejected,
            o.Stored.Inserted, o.Stored.Updated, o.Stored.Unchanged, listed, csv,
            o.Rejected > listed.Count
                ? $"Chỉ liệt kê {listed.Count} dòng đầu trong {o.Rejected} dòng bị từ chối. Danh sách đầy đủ là tệp CSV của lần chạy {o.RunId}: {csv} (mở được khi đăng nhập với quyền biên tập, cũng có trên trang /feeds)."
                : null));
    }

    public sealed record RejectedRowDto(int Row, string Field, string Reason);

    public sealed record ImportAnswer(long RunId, bool Succeeded, string? Error, int Accepted, int Rejected, int Inserted, int Updated, int Unchanged,
        IReadOnlyList<RejectedRowDto> Rejections,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectionsCsv,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectionsNote);

    private static IResult BackToPage(string error) => Results.LocalRedirect($"/import?error={error}");

    private static async Task<IResult> UploadFromPageAsync(HttpContext http, RecordImport import, UnitAccess access, ImportStaging staging,
        TimeProvider time, CancellationToken ct)
    {
        var antiforgery = http.Features.Get<IAntiforgeryValidationFeature>();
        if (antiforgery is not { IsValid: true })
            // A body over the limit that did not say its length (chunked) fails while the antiforgery check reads it.
            return BackToPage(TooLarge(antiforgery?.Error) ? "too-large" : "form");
        var form = await http.Request.ReadFormAsync(ct);
        var feed = form["feed"].ToString();
        var kind = form["kind"].ToString();
        var unit = form["unit"].ToString();
        var file = form.Files.GetFile("file");
        if (string.IsNullOrWhiteSpace(feed)) return BackToPage("feed");
        if (RecordKinds.Find(kind) is null) return BackToPage("kind");
        if (file is null || file.Length == 0) return BackToPage("no-file");
        var user = http.User.Identity?.Name ?? "?";
        var defaultUnit = string.IsNullOrWhiteSpace(unit) ? null : unit;
        // Nothing is stored before the columns are known: a file whose header neither fits the feed's saved mapping nor
        // carries our own column names waits on the page for staff to map it and see its first rows.
        var token = await staging.SaveAsync(file, new ImportStaging.Staged
        {
            Feed = feed, Kind = kind, Unit = defaultUnit, FileName = file.FileName, User = user, CreatedAt = time.GetUtcNow().UtcDateTime,
        }, ct);
        try
        {
            await using var staged = staging.Open(token);
            var preview = await import.PreviewAsync(feed, kind, defaultUnit, staged, file.FileName, unitAllowed: access.Allowed(http.User).Contains, ct: ct);
            if (preview.NeedsMapping) return Results.LocalRedirect($"/import?staged={token}");
        }
        catch (TabularFileException)
        {
            // A file that cannot be read is imported all the same, so its run records why it was refused.
        }
        return await ImportStagedAsync(http, import, access, staging, token, feed, kind, defaultUnit, file.FileName, null, ct);
    }

    private static async Task<IResult> ImportStagedAsync(HttpContext http, RecordImport import, UnitAccess access, ImportStaging staging,
        string token, string feed, string kind, string? unit, string fileName, ColumnMapping? mapping, CancellationToken ct)
    {
        ImportOutcome outcome;
        try
        {
            await using (var stream = staging.Open(token))
                outcome = await import.ImportAsync(feed, kind, unit, stream, fileName, FeedTriggers.Upload, ct,
                    access.Allowed(http.User).Contains, http.User.Identity?.Name, mapping);
        }
        catch (ArgumentException ex) when (ex.ParamName is "feed" or "kind")
        {
            staging.Delete(token);
            return BackToPage(ex.ParamName);
        }
        staging.Delete(token);
        return Results.LocalRedirect($"/import?run={outcome.RunId}");
    }

    /// <summary>
    /// The mapping form of a staged upload: "Xem trước" keeps the mapping as edited and shows the page again; "Nhập" saves
    /// it for the feed (audited when it changed) and imports the file with it.
    /// </summary>
    private static async Task<IResult> ConfirmFromPageAsync(HttpContext http, RecordImport import, UnitAccess access, ImportStaging staging,
        Audit audit, CancellationToken ct)
    {
        var antiforgery = http.Features.Get<IAntiforgeryValidationFeature>();
        if (antiforgery is not { IsValid: true }) return BackToPage("form");
        var form = await http.Request.ReadFormAsync(ct);
        var token = form["staged"].ToString();
        var user = http.User.Identity?.Name ?? "?";
        if (staging.Find(token, user) is not { } staged || RecordKinds.Find(staged.Kind) is not { } kind) return BackToPage("staged");

        // Every column of the header comes back, chosen or not, so the saved mapping knows the whole header of the next file.
        var columns = form["column"].Where(c => !string.IsNullOrEmpty(c)).Distinct().ToDictionary(c => c!, _ => "", StringComparer.Ordinal);
        var units = new Dictionary<string, AmountUnit>(StringComparer.Ordinal);
        var dates = new Dictionary<string, DateOrder>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var field in ColumnMapping.Fields(kind))
        {
            var column = form[$"map.{field}"].ToString();
            if (column.Length == 0) continue;
            if (!columns.TryGetValue(column, out var taken))
                problems.Add($"Cột '{ApiProblems.Excerpt(column)}' không có trong tệp.");
            else if (taken.Length > 0)
                problems.Add($"Cột '{ApiProblems.Excerpt(column)}' được chọn cho cả '{ColumnMapping.Label(taken)}' và '{ColumnMapping.Label(field)}': mỗi cột chỉ chứa một trường.");
            else columns[column] = field;
            if (ColumnMapping.UnitCodes.FirstOrDefault(u => u.Value == form[$"unit.{field}"].ToString()) is { Value: not null } unit && unit.Key != AmountUnit.Dong)
                units[field] = unit.Key;
            if (form[$"date.{field}"].ToString() == ColumnMapping.DateOrderCodes[DateOrder.MonthFirst]) dates[field] = DateOrder.MonthFirst;
        }
        var mapping = new ColumnMapping(columns, units, dates);
        staged.Columns = columns;
        staged.Units = units;
        staged.Dates = dates;
        staged.Problems = problems;
        if (form["action"].ToString() != "import" || problems.Count > 0 || mapping.Problems(kind).Count > 0)
        {
            staging.Update(token, staged);
            return Results.LocalRedirect($"/import?staged={token}");
        }
        try
        {
            if (await import.SaveMappingAsync(staged.Feed, staged.Kind, mapping, ct))
                await audit.WriteAsync(user, "import-mapping-saved", $"{staged.Feed}/{staged.Kind}: {mapping.Describe()}", http);
        }
        catch (ArgumentException ex) when (ex.ParamName is "feed" or "kind")
        {
            staging.Delete(token);
            return BackToPage(ex.ParamName);
        }
        return await ImportStagedAsync(http, import, access, staging, token, staged.Feed, staged.Kind, staged.Unit, staged.FileName, mapping, ct);
    }

    private static bool TooLarge(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        return false;
    }

    private static async Task<IResult> UploadFromApiAsync(string? feed, string? kind, string? unit, HttpRequest request,
        RecordImport import, UnitAccess access, IOptions<ImportOptions> options, IDbContextFactory<DashboardDbContext> dbFactory, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(feed)) return ApiProblems.MissingParameter("feed", "nguồn dữ liệu, ví dụ one-stop");
        if (string.IsNullOrWhiteSpace(kind)) return ApiProblems.MissingParameter("kind", "loại hồ sơ, ví dụ dossier");
        if (!ApiKeyAuthentication.MayWriteFeed(request.HttpContext.User, feed)) return FeedOutOfScope(feed);
        if (RecordKinds.Find(kind) is null) return UnknownKind(kind);
        if (!request.HasFormContentType)
            return Results.Problem(title: ApiProblems.Title(StatusCodes.Status415UnsupportedMediaType),
                detail: "Tệp phải được gửi dạng multipart/form-data, trong trường 'file' (ví dụ curl -F file=@ho-so.csv). " +
                        $"Bản ghi dạng JSON gửi tới /api/v1/records/{kind}?feed={ApiProblems.Excerpt(feed)}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.TooLarge(options.Value.MaxBytes);
        }
        catch (InvalidDataException)
        {
            return ApiProblems.Validation("body", "Không đọc được nội dung multipart/form-data (sai định dạng hoặc vượt giới hạn của biểu mẫu).");
        }
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return ApiProblems.Validation("file", "Chưa có tệp nào được gửi (trường 'file').");
        try
        {
            await using var stream = file.OpenReadStream();
            var outcome = await import.ImportAsync(feed, kind, unit, stream, file.FileName, FeedTriggers.Api, ct,
                access.Allowed(request.HttpContext.User).Contains, request.HttpContext.User.Identity?.Name);
            return await AnswerAsync(outcome, feed, dbFactory, ct);
        }
        catch (ArgumentException ex) when (ex.ParamName is "feed" or "kind")
        {
            return ApiProblems.Validation(ex.ParamName, Message(ex));
        }
    }
}
