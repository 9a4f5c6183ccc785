using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Periods;
using Dashboard.Web.Components.Records;
using Dashboard.Web.Reports;
using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Digests;

/// <summary>One KPI as a digest shows it: every text already formatted in the digest's language (numbers in vi-VN).</summary>
/// <param name="Period">The period the figure is for ("Từ đầu năm 2026 đến 01/12/2026"), as its tile names it; empty when unknown.</param>
public sealed record DigestKpi(string Code, string Name, string Value, string Target, KpiStatus Status, string StatusText, string Owner,
    string Arrow, string Change, double Gauge, string Color, string Link, string Period = "")
{
    public bool OffTrack => Status is KpiStatus.NotMet or KpiStatus.Warning;
}

/// <summary>A rubric's line in the digest: the score with its band (or why there is none), and the period it was scored over.</summary>
public sealed record DigestScore(string Name, string Line, string Period, bool Example, double Gauge, string Link);

public sealed record DigestItem(string Title, string Agency, string When);

public sealed record DigestList(string Heading, IReadOnlyList<DigestItem> Items, int More);

/// <summary>Everything one digest says, built once and rendered twice (the HTML part and the plain-text part).</summary>
public sealed record DigestModel(
    string Language,
    string Subject,
    string Commune,
    string Period,
    IReadOnlyList<DigestScore> Scores,
    IReadOnlyList<DigestKpi> Kpis,
    IReadOnlyList<DigestList> Overdue,
    string DashboardLink,
    string ManageLink,
    bool Demo,
    bool Test,
    IReadOnlyDictionary<string, decimal?> Figures)
{
    public IEnumerable<DigestKpi> OffTrack => Kpis.Where(k => k.OffTrack);
    public IEnumerable<DigestKpi> Others => Kpis.Where(k => !k.OffTrack);

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-US" : "vi-VN");
}

/// <summary>
/// Builds a digest from the same engine the pages read: the live KPI snapshots, the live 766 and PAR score cards, and the
/// records behind them. Call inside the digest's culture (see <see cref="DigestMailer"/>).
/// </summary>
public sealed class DigestComposer(
    KpiEngine engine,
    Scoreboard board,
    IStringLocalizer<Strings> loc,
    IOptions<DigestOptions> options,
    IOptions<ScoresOptions> scores)
{
    /// <summary>Reports due within this many days are listed as coming up.</summary>
    public const int ReportsDueWithinDays = 3;

    public async Task<DigestModel> ComposeAsync(DigestSubscription subscription, DateTimeOffset occurrence,
        IReadOnlyDictionary<string, decimal?> previous, bool test, CancellationToken ct)
    {
        var unit = board.Units.Find(subscription.UnitCode) ?? throw new InvalidOperationException($"Unit '{subscription.UnitCode}' is not in units.json.");
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var unitQuery = "unit=" + Uri.EscapeDataString(unit.Code);
        var local = VietnamTime.ToLocal(occurrence);
        var period = local.ToString("HH:mm, dddd dd/MM/yyyy", CultureInfo.CurrentCulture);
        var today = DateOnly.FromDateTime(local.DateTime);
        // Scores over the window /scores opens on; each KPI line names its own figure's period (the KPI's default window).
        var window = ReportingWindow.Containing(scores.Value.DefaultWindow, scores.Value.CutOff, today);

        var scoreRows = new List<DigestScore>();
        foreach (var rubric in board.Rubrics.All)
        {
            var card = await board.ScoreAsync(unit.Code, rubric, window, ct);
            // The period is named beside the score: it is not the period of every KPI line below.
            var line = card.Graded
                ? string.Format(loc[nameof(Strings.DigestScoreLine)], ScoreText.Score(card), ScoreText.Band(card, loc), ScoreText.Lost(card.Lost))
                : string.Format(loc[nameof(Strings.DigestNotGradedLine)], ScoreText.Band(card, loc), ScoreText.Coverage(card, loc), ScoreText.Lost(card.Lost));
            scoreRows.Add(new DigestScore(rubric.Name.Current, line, string.Format(loc[nameof(Strings.ScorePeriod)], ScoreText.Period(window, loc)),
                rubric.Example, (double)Math.Clamp(card.Score100 ?? 0, 0, 100),
                $"{baseUrl}/scores?{unitQuery}&rubric={Uri.EscapeDataString(rubric.Code)}"));
        }

        var areas = subscription.Areas.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var snapshots = Briefing.Ordered(engine.ForUnit(unit.Code).Where(s => subscription.Content switch
        {
            "off-track" => s.Status is KpiStatus.NotMet or KpiStatus.Warning,
            "areas" => areas.Contains(s.Kpi.Section.Code),
            _ => true,
        }));
        var kpis = snapshots.Select(s => Kpi(s, previous, baseUrl, unit.Code, today)).ToList();
        var figures = snapshots.ToDictionary(s => s.KpiCode, s => s.Value);

        var offTrack = kpis.Count(k => k.OffTrack);
        var subject = string.Format(loc[nameof(Strings.DigestSubject)], unit.Name.Current, local.ToString("dd/MM/yyyy", KpiFormat.Vi), offTrack);
        if (test) subject = $"[{loc[nameof(Strings.DigestTestBanner)]}] {subject}";
        // The late dossiers listed are those of the apology KPI's own period, the one its line names.
        var lateWindow = KpiWindows.Default(board.Catalog.Find(WallOverdue.ApologyKpi)?.Window ?? WindowKind.YearToDate, scores.Value.CutOff, today);
        return new DigestModel(subscription.Language, subject, unit.Name.Current, period, scoreRows, kpis, Overdue(unit, lateWindow, today),
            $"{baseUrl}/?{unitQuery}", $"{baseUrl}/digests", engine.DemoEnabled, test, figures);
    }

    private DigestKpi Kpi(KpiSnapshot s, IReadOnlyDictionary<string, decimal?> previous, string baseUrl, string unit, DateOnly today)
    {
        // The line names the period of its figure, and its link opens the KPI on that same period, as a tile does.
        var choice = PeriodChoice.OfReading(s.Period, s.Kpi.Window, scores.Value.CutOff, today);
        var link = $"{baseUrl}/kpi/{Uri.EscapeDataString(s.KpiCode)}" + (choice?.Query(("unit", unit)) ?? $"?unit={Uri.EscapeDataString(unit)}");
        var period = choice is null ? "" : PeriodChoice.Label(choice.Window, loc);
        var (arrow, change) = ("", "");
        if (previous.TryGetValue(s.KpiCode, out var before) && before is { } b && s.Value is { } v)
        {
            arrow = v > b ? "↑" : v < b ? "↓" : "→";
            change = string.Format(loc[nameof(Strings.DigestChangeFrom)], KpiFormat.Value(s.Kpi, b, loc));
        }
        return new DigestKpi(s.KpiCode, s.Kpi.Name.Current, KpiFormat.Value(s.Kpi, s.Value, loc), KpiFormat.Target(s.Kpi, loc), s.Status,
            KpiFormat.Status(s.Status, loc), s.Kpi.Owner.Name.Current, arrow, change, KpiFormat.GaugePercent(s.Kpi, s.Value),
            KpiFormat.StatusColor(s.Status), link, period);
    }

    /// <summary>Reports due within three days (or already overdue), late dossiers without an apology letter, overdue district tasks.</summary>
    private IReadOnlyList<DigestList> Overdue(AdminUnit unit, ReportingWindow window, DateOnly today)
    {
        var facts = board.RecordsOf(unit.Code);
        var now = board.Now.UtcTicks;
        var listed = options.Value.OverdueListed;
        string Agency(string? code) => code is null ? "—" : board.Catalog.FindAgency(code)?.Name.Current ?? code;
        string Due(DateOnly day, bool past) => string.Format(loc[past ? nameof(Strings.DigestOverdueSince) : nameof(Strings.DigestDueOn)], RecordView.Date(day));

        var reports = facts.Reports.Where(r => !r.IsFinished && r.DueDay <= today.AddDays(ReportsDueWithinDays)).OrderBy(r => r.DueDay)
            .Select(r => new DigestItem(r.Title, Agency(r.Agency), Due(r.DueDay, r.PastDue <= now))).ToList();

        var lateDossiers = new List<DigestItem>();
        if (Measures.Find(Measures.LateWithApology) is { } apology)
            lateDossiers = board.RecordsBehind(unit.Code, apology, window).Where(c => c.Failing)
                .Select(c => RecordView.From(c, apology, facts, board.Catalog, loc, MeasureContext.Of(facts, window, board.Now).AsOf))
                .Select(v => new DigestItem($"{v.Key} · {v.Title}", v.Agency, Due(v.Due ?? today, true))).ToList();

        var tasks = facts.Tasks.Where(t => !t.IsFinished && t.PastDue <= now).OrderBy(t => t.PastDue)
            .Select(t => new DigestItem(t.Title, Agency(t.Agency), Due(LastDay(t.PastDue), true))).ToList();

        return
        [
            List(nameof(Strings.DigestReportsDue), reports, listed),
            List(nameof(Strings.DigestLateNoApology), lateDossiers, listed),
            List(nameof(Strings.DigestTasksOverdue), tasks, listed),
        ];
    }

    private DigestList List(string heading, IReadOnlyList<DigestItem> items, int listed) =>
        new(loc[heading], items.Take(listed).ToList(), Math.Max(0, items.Count - listed));

    private static DateOnly LastDay(long pastDue) =>
        DateOnly.FromDateTime(VietnamTime.ToLocal(new DateTimeOffset(pastDue - 1, TimeSpan.Zero)).DateTime);
}
