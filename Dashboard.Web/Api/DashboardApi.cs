using System.Text.Json;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Live;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery();
        api.MapPost("/readings", PostReadingsAsync);
        api.MapGet("/snapshot", GetSnapshot);
        return app;
    }

    /// <summary>Validates the whole batch; stores all of it or, with any bad field, none of it.</summary>
    private static async Task<IResult> PostReadingsAsync(HttpRequest request, ReadingIngestor ingestor,
        IOptions<IngestOptions> options, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Invalid([new FieldError("body", $"JSON không hợp lệ (dòng {ex.LineNumber + 1}): {ex.Message}")]);
        }
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
            var result = await ingestor.IngestAsync(readings, external: true, ct);
            return result.Ok
                ? Results.Ok(new { accepted = result.Accepted, changed = result.Changed })
                : Invalid(result.Errors);
        }
    }

    private static IResult Invalid(IEnumerable<FieldError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "Số liệu không hợp lệ, không có số liệu nào được lưu / Invalid readings, nothing was stored");

    private static IResult GetSnapshot(string? unit, KpiEngine engine, IOptions<DashboardOptions> options)
    {
        var code = string.IsNullOrWhiteSpace(unit) ? options.Value.HomeUnit : unit;
        if (engine.Units.Find(code) is null)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [$"Đơn vị '{code}' không có trong danh mục."] });
        return Results.Ok(new
        {
            unit = code,
            catalogVersion = engine.Catalog.Version,
            demoData = engine.DemoEnabled,
            kpis = engine.ForUnit(code).Select(KpiSnapshotDto.From),
        });
    }
}
