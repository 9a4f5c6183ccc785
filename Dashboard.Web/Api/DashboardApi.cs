using System.Text;
using System.Text.Json;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Live;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        // Keys, not cookies, write: a cross-site form can never post figures with someone's sign-in.
        var api = app.MapGroup("/api/v1").DisableAntiforgery();
        api.MapPost("/readings", PostReadingsAsync).RequireAuthorization(Roles.CanIngest);
        api.MapGet("/snapshot", GetSnapshot).RequireAuthorization(Roles.CanRead);
        app.MapGet("/feeds/{feedId}/runs/{runId:long}/rejections.csv", GetRejectionsCsvAsync).RequireAuthorization(Roles.CanEdit);
        return app;
    }

    /// <summary>Validates the whole batch; stores all of it or, with any bad field, none of it.</summary>
    private static async Task<IResult> PostReadingsAsync(HttpRequest request, ReadingIngestor ingestor,
        IOptions<IngestOptions> options, UnitAccess access, Dashboard.Shared.Catalog.UnitDirectory directory, CancellationToken ct)
    {
        var (document, bodyError) = await JsonBody.ReadAsync(request, ct);
        if (document is null) return Invalid([bodyError!]);
        using (document)
        {
            var (readings, errors) = ReadingsRequest.Parse(document.RootElement, options.Value.MaxReadingsPerRequest);
            if (errors.Count > 0)
            {
                // Report type errors and rule errors together, so a caller fixes everything in one round.
                var ruleErrors = ingestor.Validate(readings, external: true)
                    .Where(e => errors.All(x => !x.Field.StartsWith(e.Field, StringComparison.Ordinal)));
                return Invalid([.. errors, .. ruleErrors]);
            }
            // Outside the key's scope is a 403; a unit nobody knows is left to validation, which answers 400 naming the
            // field. Either way nothing is stored.
            var allowed = access.Allowed(request.HttpContext.User);
            var outOfScope = OutOfScope(request.HttpContext.User, allowed, directory, readings);
            if (outOfScope.Count > 0) return Forbidden(outOfScope);
            var result = await ingestor.IngestAsync(readings, external: true, ct);
            return result.Ok
                ? Results.Ok(new { accepted = result.Accepted, changed = result.Changed })
                : Invalid(result.Errors);
        }
    }

    /// <summary>Each reading's scope errors, in order; a batch repeats a few sources and units, so each pair is checked once.</summary>
    private static List<FieldError> OutOfScope(System.Security.Claims.ClaimsPrincipal key, IReadOnlySet<string> units,
        Dashboard.Shared.Catalog.UnitDirectory directory, IReadOnlyList<ReadingInput> readings)
    {
        var errors = new List<FieldError>();
        var inScope = new HashSet<(string, string)>();
        for (var i = 0; i < readings.Count; i++)
        {
            var (source, unit) = (readings[i].Source, readings[i].UnitCode);
            if (inScope.Contains((source, unit))) continue;
            var before = errors.Count;
            errors.AddRange(Scope(key, units, directory, source, unit, $"readings[{i}]"));
            if (errors.Count == before) inScope.Add((source, unit));
        }
        return errors;
    }

    internal static IEnumerable<FieldError> Scope(System.Security.Claims.ClaimsPrincipal key, IReadOnlySet<string> units,
        Dashboard.Shared.Catalog.UnitDirectory directory, string source, string unit, string at)
    {
        if (!ApiKeyAuthentication.MayWriteFeed(key, source))
            yield return new FieldError($"{at}.source", $"Khóa API này không được ghi cho nguồn '{source}'.");
        if (!units.Contains(unit) && directory.Find(unit) is not null)
            yield return new FieldError($"{at}.unit", $"Khóa API này không được ghi cho đơn vị '{unit}'.");
    }

    internal static IResult Forbidden(IEnumerable<FieldError> errors) =>
        Results.Problem(title: "Ngoài phạm vi của khóa API, không có số liệu nào được lưu / Outside the API key's scope, nothing was stored",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()) });

    private static IResult Invalid(IEnumerable<FieldError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "Số liệu không hợp lệ, không có số liệu nào được lưu / Invalid readings, nothing was stored");

    /// <summary>
    /// A run's rejected rows as CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly): the rows of the caller's units
    /// only; a run the caller may not read is not found (docs/feeds.md, who sees which run).
    /// </summary>
    private static async Task<IResult> GetRejectionsCsvAsync(string feedId, long runId,
        IDbContextFactory<DashboardDbContext> dbFactory, UnitAccess access, Dashboard.Shared.Catalog.UnitDirectory directory, HttpContext http,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.FeedRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.FeedId == feedId, ct);
        var reach = Components.Feeds.RunReach.Of(http.User, access, directory);
        if (run is null || !reach.CanSee(run)) return Results.NotFound();
        var rows = await reach.Rows(run, db.FeedRejections.AsNoTracking()).OrderBy(r => r.Row).ToListAsync(ct);
        var csv = new StringBuilder("dong,truong,ly_do\r\n");
        foreach (var r in rows) csv.Append(r.Row).Append(',').Append(Csv.Cell(r.Field)).Append(',').Append(Csv.Cell(r.Reason)).Append("\r\n");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", $"{feedId}-lan-chay-{runId}-dong-bi-tu-choi.csv");
    }

    private static IResult GetSnapshot(string? unit, KpiEngine engine, FeedHealth health, IOptions<DashboardOptions> options, UnitAccess access,
        TimeProvider clock, HttpContext http)
    {
        var code = string.IsNullOrWhiteSpace(unit) ? options.Value.HomeUnit : unit;
        if (engine.Units.Find(code) is null)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [$"Đơn vị '{code}' không có trong danh mục."] });
        if (!access.CanSee(http.User, code))
            return Results.Problem(title: "Không có quyền / Forbidden", detail: $"Không được xem đơn vị '{code}'.", statusCode: StatusCodes.Status403Forbidden);
        var asOf = clock.GetUtcNow();
        return Results.Ok(new
        {
            unit = code,
            // When the figures were read, and the calendar day in Vietnam they belong to: "this month" is the server's, not the caller's.
            asOf,
            today = VietnamTime.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            // The plan in force this year ("que-minh-2023+2026" once a 2026 plan is published).
            catalogVersion = engine.Plan.Version,
            demoData = engine.DemoEnabled,
            kpis = engine.ForUnit(code).Select(s => KpiSnapshotDto.From(s, health)),
        });
    }
}
