using System.Globalization;
using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Api;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Components.Feeds;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// Upload of source-record exports; after an upload, the run's result and its rejected rows, if the reader may see that
/// run, and only the rows of the reader's units (<see cref="RunReach"/>).
/// </summary>
public partial class Import
{
    [Inject] public IDbContextFactory<DashboardDbContext> DbFactory { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "run")] public long? RunId { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "staged")] public string? StagedToken { get; set; }
    [Inject] public ImportStaging Staging { get; set; } = default!;
    [Inject] public RecordImport Importer { get; set; } = default!;

    private List<FeedRow> _feeds = [];
    private FeedRun? _run;
    private List<FeedRejection> _rejections = [];
    private List<AdminUnit> _units = [];
    private ImportStaging.Staged? _staged;
    private RecordKind? _kind;
    private ImportPreview? _preview;
    private string? _stagedError;

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    [Inject] public Microsoft.Extensions.Options.IOptions<ImportOptions> ImportLimits { get; set; } = default!;

    /// <summary>The message for an upload sent back by /import/upload with <c>?error=</c>; an unknown code shows nothing.</summary>
    private string? ErrorMessage => Error switch
    {
        "no-file" => Loc[nameof(Strings.ImportNoFile)],
        "feed" => Loc[nameof(Strings.ImportErrorFeed)],
        "kind" => Loc[nameof(Strings.ImportErrorKind)],
        "form" => Loc[nameof(Strings.ImportErrorForm)],
        "staged" => Loc[nameof(Strings.ImportErrorStaged)],
        "too-large" => string.Format(CultureInfo.CurrentCulture, Loc[nameof(Strings.ImportErrorTooLarge)], Api.ApiProblems.Megabytes(ImportLimits.Value.MaxBytes)),
        _ => null,
    };

    private string Summary => _run is null ? "" : string.Format(Loc[nameof(Strings.ImportSummary)],
        _run.Accepted, _run.Changed, _run.Accepted - _run.Changed, _run.Rejected);

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState).User;
        var allowed = Access.Allowed(user);
        // Only units the uploader may write for are offered (rows of others are refused on import anyway).
        _units = Units.Communes.Where(u => allowed.Contains(u.Code)).ToList();
        await using var db = await DbFactory.CreateDbContextAsync();
        _feeds = await db.Feeds.AsNoTracking().Where(f => f.Kind == FeedKinds.FileImport).OrderBy(f => f.Id).ToListAsync();
        _run = null;
        _rejections = [];
        await LoadStagedAsync(user);
        if (RunId is { } id && await db.FeedRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id) is { } run)
        {
            var reach = RunReach.Of(user, Access, Units);
            if (!reach.CanSee(run)) return;
            _run = run;
            _rejections = await reach.Rows(run, db.FeedRejections.AsNoTracking()).OrderBy(r => r.Row).Take(500).ToListAsync();
        }
    }

    /// <summary>What the mapping form shows: the problems of the last edit, then what keeps the mapping from importing.</summary>
    private List<string> MappingProblems => [.. _staged?.Problems ?? [], .. _preview?.MappingProblems ?? []];

    private static string? ColumnOf(ImportPreview preview, string field) =>
        preview.Mapping.Columns.FirstOrDefault(c => c.Value == field).Key;

    /// <summary>The fields that have a column, in the kind's order: the preview shows what will be stored.</summary>
    private static IEnumerable<string> PreviewFields(ImportPreview preview, RecordKind kind) =>
        ColumnMapping.Fields(kind).Where(f => preview.Mapping.Columns.Values.Contains(f));

    /// <summary>
    /// A preview cell: what would be stored, in vi-VN (a time in Vietnam, đồng grouped, yes/no) when the row is good; the
    /// file's own text when it is not, so the error beside it can be read against what was written.
    /// </summary>
    private string Shown(PreviewRow row, RecordKind kind, string field)
    {
        var text = row.Values.GetValueOrDefault(field) ?? "";
        if (row.Record is not { } record || !record.TryGetProperty(field, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null)
            return text;
        return kind.Field(field)?.Type switch
        {
            FieldType.Date when value.GetString() is { Length: 10 } day =>
                DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", KpiFormat.Vi),
            FieldType.Date => Dashboard.Shared.Time.VietnamTime.ToLocal(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture))
                .ToString("dd/MM/yyyy HH:mm", KpiFormat.Vi),
            FieldType.Amount => value.GetDecimal().ToString("#,##0.##", KpiFormat.Vi) + " " + Loc[nameof(Strings.AmountDong)],
            FieldType.Bool => value.GetBoolean() ? Loc[nameof(Strings.Yes)] : Loc[nameof(Strings.No)],
            _ => value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText(),
        };
    }

    /// <summary>An upload waiting for its mapping (<c>?staged=</c>): reads it again with the mapping as edited so far, storing nothing.</summary>
    private async Task LoadStagedAsync(System.Security.Claims.ClaimsPrincipal user)
    {
        if (StagedToken is null)
        {
            _staged = null;
            _preview = null;
            _stagedError = null;
            return;
        }
        _staged = Staging.Find(StagedToken, user.Identity?.Name);
        _kind = _staged is null ? null : RecordKinds.Find(_staged.Kind);
        if (_staged is null || _kind is null)
        {
            _staged = null;
            _preview = null;
            _stagedError = Loc[nameof(Strings.ImportErrorStaged)];
            return;
        }
        _stagedError = null;
        try
        {
            await using var file = Staging.Open(StagedToken);
            _preview = await Importer.PreviewAsync(_staged.Feed, _staged.Kind, _staged.Unit, file, _staged.FileName, _staged.Mapping,
                Access.Allowed(user).Contains);
        }
        catch (TabularFileException ex)
        {
            _preview = null;
            _stagedError = ex.Message;
        }
    }
}
