using System.Globalization;
using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Components.Pages;

/// <summary>Upload of source-record exports; after an upload, the run's result and its rejected rows.</summary>
public partial class Import
{
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "run")] public long? RunId { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }

    private List<FeedRow> _feeds = [];
    private FeedRun? _run;
    private List<FeedRejection> _rejections = [];

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    [Inject] public Microsoft.Extensions.Options.IOptions<ImportOptions> ImportLimits { get; set; } = default!;

    /// <summary>The message for an upload sent back by /import/upload with <c>?error=</c>; an unknown code shows nothing.</summary>
    private string? ErrorMessage => Error switch
    {
        "no-file" => Loc[nameof(Strings.ImportNoFile)],
        "feed" => Loc[nameof(Strings.ImportErrorFeed)],
        "kind" => Loc[nameof(Strings.ImportErrorKind)],
        "form" => Loc[nameof(Strings.ImportErrorForm)],
        "too-large" => string.Format(CultureInfo.CurrentCulture, Loc[nameof(Strings.ImportErrorTooLarge)], Api.ApiProblems.Megabytes(ImportLimits.Value.MaxBytes)),
        _ => null,
    };

    private string Summary => _run is null ? "" : string.Format(Loc[nameof(Strings.ImportSummary)],
        _run.Accepted, _run.Changed, _run.Accepted - _run.Changed, _run.Rejected);

    protected override async Task OnParametersSetAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _feeds = await db.Feeds.AsNoTracking().Where(f => f.Kind == FeedKinds.FileImport).OrderBy(f => f.Id).ToListAsync();
        if (RunId is { } id)
        {
            _run = await db.FeedRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
            _rejections = await db.FeedRejections.AsNoTracking().Where(r => r.RunId == id).OrderBy(r => r.Row).Take(500).ToListAsync();
        }
    }
}
