using System.Text;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Api;

/// <summary>
/// The two things an administrator sets for scoring: the province's own rubric file, and the rank and band the district
/// published. Plain form posts from <c>/scores/manage</c>, answered with a redirect that carries the outcome.
/// </summary>
public static class ScoresAdminApi
{
    private const int MaxRubricBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapScoresAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/scores/manage/rubric", UploadRubricAsync).RequireAuthorization(Roles.CanAdminister);
        app.MapPost("/scores/manage/rank", SaveRankAsync).RequireAuthorization(Roles.CanAdminister);
        return app;
    }

    private static async Task<IResult> UploadRubricAsync(IFormFile? file, RubricRegistry rubrics, Audit audit, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Back("error", "Chưa chọn tệp bộ tiêu chí (.json).");
        if (file.Length > MaxRubricBytes) return Back("error", $"{file.FileName}: tệp lớn hơn 1 MB, không phải một bộ tiêu chí.");
        string json;
        using (var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try
            {
                json = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return Back("error", $"{file.FileName}: tệp không phải UTF-8.");
            }
        }
        try
        {
            // A bad file is refused whole: the rubrics already loaded stay as they were.
            var rubric = await rubrics.SaveAsync(json, Path.GetFileName(file.FileName), time.GetUtcNow().UtcDateTime, ct);
            await audit.WriteAsync(http.User.Identity?.Name ?? "?", "rubric-loaded", $"{rubric.Code} ({file.FileName})", http);
            return Back("saved", rubric.Code);
        }
        catch (CatalogException ex)
        {
            return Back("error", ex.Message);
        }
    }

    private static async Task<IResult> SaveRankAsync([FromForm] RankForm form, RubricRegistry rubrics, UnitDirectory units,
        IDbContextFactory<DashboardDbContext> dbFactory, TimeProvider time, Audit audit, HttpContext http, CancellationToken ct)
    {
        var rubric = rubrics.Find(form.Rubric ?? "");
        string? problem = units.Find(form.Unit ?? "") is null ? $"Đơn vị '{form.Unit}' không có trong danh mục."
            : rubric is null ? $"Bộ tiêu chí '{form.Rubric}' không có."
            : form.Year is not (>= 2000 and <= 2100) ? $"Năm '{form.Year}' không hợp lệ."
            : form.OutOf is not (>= 1 and <= 10_000) ? "Tổng số đơn vị được xếp hạng phải từ 1 trở lên."
            : form.Rank is not { } rank || rank < 1 || rank > form.OutOf ? $"Thứ hạng phải từ 1 đến {form.OutOf}."
            : form.Score is < 0 || form.Score > rubric.MaxPoints ? $"Điểm phải từ 0 đến {rubric.MaxPoints}."
            : rubric.Bands.All(b => b.Code != form.Band) ? $"Xếp loại '{form.Band}' không có trong bộ tiêu chí {rubric.Code}."
            : string.IsNullOrWhiteSpace(form.EnteredBy) ? "Cần ghi tên người nhập."
            : null;
        if (problem is not null) return Back("error", problem);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PublishedRanks.SingleOrDefaultAsync(p => p.UnitCode == form.Unit && p.RubricCode == form.Rubric && p.Year == form.Year, ct);
        if (row is null)
            db.PublishedRanks.Add(row = new PublishedRank { UnitCode = form.Unit!, RubricCode = form.Rubric!, BandCode = "", EnteredBy = "" });
        row.Year = form.Year!.Value;
        row.Rank = form.Rank!.Value;
        row.OutOf = form.OutOf!.Value;
        row.Score = form.Score;
        row.BandCode = form.Band!;
        row.EnteredBy = form.EnteredBy!.Trim();
        row.Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim();
        row.EnteredAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(http.User.Identity?.Name ?? "?", "published-rank-saved", $"{form.Unit} {form.Rubric} {form.Year}: {form.Rank}/{form.OutOf} {form.Band}", http);
        return Back("ranked", $"{form.Unit}/{form.Rubric}/{form.Year}");
    }

    private static IResult Back(string key, string value) => Results.LocalRedirect($"/scores/manage?{key}={Uri.EscapeDataString(value)}");

    /// <summary>Every field optional to the binder, so a missing one gets the form's own message, not a 400.</summary>
    public sealed class RankForm
    {
        public string? Unit { get; set; }
        public string? Rubric { get; set; }
        public int? Year { get; set; }
        public int? Rank { get; set; }
        public int? OutOf { get; set; }
        public decimal? Score { get; set; }
        public string? Band { get; set; }
        public string? EnteredBy { get; set; }
        public string? Note { get; set; }
    }
}
