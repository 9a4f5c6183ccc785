using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine.Records;

/// <summary>
/// A figure computed from records for one unit and window: <see cref="Hits"/> out of <see cref="Total"/> (for money,
/// amounts; for satisfaction, the sum of scores out of 100 each). No record counted means no data, never 0% or 100%.
/// </summary>
public sealed record Measure(string Code, decimal Hits, decimal Total, int Records, int Failing)
{
    public decimal? Rate => Total == 0 ? null : Math.Round(100m * Hits / Total, 4, MidpointRounding.AwayFromZero);
}

/// <summary>One record as a measure counts it: what it adds to the hits and to the total (1 and 1 for a record that is a hit; amounts for money), and whether it is what costs points.</summary>
public readonly record struct Counted(RecordRef Record, decimal Hit, decimal Weight, bool Failing);

/// <summary>A record behind a figure, whatever its kind, with how it was judged against its deadline (if it has one).</summary>
public readonly record struct RecordRef(object Fact, Timeliness Timeliness = Timeliness.NotOpen);

/// <summary>What a measure counts, from which record kind, and the catalog KPI it fills (if any).</summary>
/// <param name="MinRecords">Fewer records than this make the KPI's figure "not enough data" rather than a status: a share of
/// two dossiers swings from 0% to 100% on one of them (<see cref="Measures.MinSample"/>). 0 where every record counts
/// whatever their number: a standing list, money, or the late dossiers' apology letters, where few is good news.</param>
public sealed record MeasureDefinition(string Code, string Kind, string? Kpi, Func<MeasureContext, IEnumerable<Counted>> Count, int MinRecords = 0);

public sealed record MeasureContext(UnitRecords Records, ReportingWindow Window, long Start, long AsOf)
{
    public static MeasureContext Of(UnitRecords records, ReportingWindow window, DateTimeOffset now)
    {
        var start = LocalMidnight(window.Start);
        var end = LocalMidnight(window.End);
        return new(records, window, start, Math.Min(end, now.UtcTicks));
    }

    public bool ReceivedIn(DeadlineFact f) => f.Received >= Start && f.Received < AsOf;
    public bool FinishedIn(DeadlineFact f) => f.Finished >= Start && f.Finished < AsOf;

    private static long LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return (local - VietnamTime.Zone.GetUtcOffset(local)).Ticks;
    }
}

/// <summary>
/// The record-based figures of the plan and of Decision 766. Each is a rule over one record kind: which records of a
/// window it counts, which of them are hits, and which are failing (the ones a leader can act on to recover points).
/// Rules follow Decision 766: a dossier counts in every window it was open in, judged at the window's end (or now);
/// in progress within its deadline is on time, past its deadline is late even before it is finished.
/// </summary>
public static class Measures
{
    public const string DossiersOnTime = "dossiers-on-time";
    public const string DossiersLate = "dossiers-late";
    public const string LateWithApology = "late-with-apology";
    public const string ReceivedOnline = "received-online";
    public const string ReceivedEndToEnd = "received-end-to-end";
    public const string EndToEndOfEligible = "end-to-end-of-eligible";
    public const string ResultsDigitized = "results-digitized";
    public const string PaidOnline = "paid-online";
    public const string ProceduresPublished = "procedures-published";
    public const string ProceduresOneStop = "procedures-one-stop";
    public const string ProceduresInSoftware = "procedures-in-software";
    public const string ProceduresInternal = "procedures-internal";
    public const string FeedbackOnTime = "feedback-on-time";
    public const string FeedbackSatisfaction = "feedback-satisfaction";
    public const string ReportsOnTime = "reports-on-time";
    public const string TasksOnTime = "tasks-on-time";
    public const string DocumentsElectronic = "documents-electronic";
    public const string Disbursement = "disbursement";

    /// <summary>The records a share of dossiers, feedback, reports, tasks or documents needs before it is judged.</summary>
    public const int MinSample = 5;

    public static readonly IReadOnlyList<MeasureDefinition> All =
    [
        new(DossiersOnTime, "dossier", null, c => Judged(c, c.Records.Dossiers, late: false)),
        new(DossiersLate, "dossier", "ho-so-tre-han", c => Judged(c, c.Records.Dossiers, late: true), MinSample),
        new(LateWithApology, "dossier", "ho-so-tre-han-xin-loi", LateDossiers),
        new(ReceivedOnline, "dossier", "ho-so-truc-tuyen", c => Received(c, d => d.Online), MinSample),
        new(ReceivedEndToEnd, "dossier", "ho-so-toan-trinh", c => Received(c, d => d.Channel == Channel.OnlineEndToEnd), MinSample),
        new(EndToEndOfEligible, "dossier", null,
            c => Received(c, d => d.Channel == Channel.OnlineEndToEnd, d => c.Records.Procedures.GetValueOrDefault(d.Procedure)?.EligibleEndToEnd == true)),
        new(ResultsDigitized, "dossier", "ho-so-so-hoa",
            c => c.Records.Dossiers.Where(c.FinishedIn).Select(d => Ratio(d, d.DigitizedResult)), MinSample),
        // Only dossiers of procedures that carry a fee can be paid online; a procedure not on record is given the benefit of the doubt.
        new(PaidOnline, "dossier", "ho-so-thanh-toan-truc-tuyen",
            c => Received(c, d => d.PaidOnline, d => c.Records.Procedures.GetValueOrDefault(d.Procedure)?.HasFee != false), MinSample),
        // The plan: "niêm yết đầy đủ 100% số TTHC … trên Cổng TTĐT và tại Bộ phận TN&TKQ": both places, not either.
        new(ProceduresPublished, "procedure", "tthc-niem-yet", c => Procedures(c, p => p.PublishedOnPortal && p.ListedAtOneStop)),
        // The plan: "100% số TTHC … được tiếp nhận và trả kết quả … tại Bộ phận Một cửa": where dossiers are received
        // and returned, not where the procedure is posted up.
        new(ProceduresOneStop, "procedure", "tthc-mot-cua",
            c => c.Records.Procedures.Values.Where(p => p.ReceivedAtOneStop is not null).Select(p => Ratio(p, p.ReceivedAtOneStop == true))),
        new(ProceduresInSoftware, "procedure", "tthc-phan-mem-mot-cua", c => Procedures(c, p => p.InSoftware)),
        new(ProceduresInternal, "procedure", "tthc-quy-trinh-noi-bo", c => Procedures(c, p => p.InternalProcedure)),
        new(FeedbackOnTime, "feedback", "pakn-xu-ly", c => Judged(c, c.Records.Feedback, late: false), MinSample),
        new(FeedbackSatisfaction, "feedback", null,
            c => c.Records.Feedback.Where(f => c.FinishedIn(f) && f.Satisfaction is not null)
                .Select(f => new Counted(new(f), f.Satisfaction!.Value / 100m, 1, false))),
        new(ReportsOnTime, "report", "bao-cao-lris-gris", Reports, MinSample),
        new(TasksOnTime, "task", "nhiem-vu-huyen-giao", c => Judged(c, c.Records.Tasks, late: false), MinSample),
        new(DocumentsElectronic, "document", "van-ban-dien-tu",
            c => c.Records.Documents.Where(d => !d.Secret && c.Window.Contains(d.Day)).Select(d => Ratio(d, d.Electronic)), MinSample),
        // Disbursement is money against the year's plan, as each project of the window's year last reported it by the
        // window's end: June reads the reports dated up to 30/06, not November's.
        new(Disbursement, "disbursement", "giai-ngan-dau-tu-cong",
            c => LatestReports(c).Where(p => p.Plan > 0)
                .Select(p => new Counted(new(p), Math.Min(p.Disbursed, p.Plan), p.Plan, p.Disbursed < p.Plan))),
    ];

    private static readonly Dictionary<string, MeasureDefinition> ByCode = All.ToDictionary(m => m.Code);
    private static readonly Dictionary<string, MeasureDefinition> ByKpi = All.Where(m => m.Kpi is not null).ToDictionary(m => m.Kpi!);

    public static MeasureDefinition? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The measure that computes a catalog KPI from records, if there is one.</summary>
    public static MeasureDefinition? ForKpi(string kpiCode) => ByKpi.GetValueOrDefault(kpiCode);

    public static Measure Compute(MeasureDefinition definition, MeasureContext context)
    {
        // Most records count 0 or 1 out of 1: those are tallied as whole numbers, which gives the same sums as decimal
        // additions at a fraction of their cost (a commune has tens of thousands of dossiers); amounts and scores are
        // added as decimals.
        long wholeHits = 0, wholeTotal = 0;
        decimal hits = 0, total = 0;
        int records = 0, failing = 0;
        foreach (var c in definition.Count(context))
        {
            if (IsWhole(c.Weight, 1) && (IsWhole(c.Hit, 1) || IsWhole(c.Hit, 0)))
            {
                wholeTotal++;
                if (c.Hit != 0) wholeHits++;
            }
            else
            {
                hits += c.Hit;
                total += c.Weight;
            }
            records++;
            if (c.Failing) failing++;
        }
        return new Measure(definition.Code, hits + wholeHits, total + wholeTotal, records, failing);

        // The scale too: 1.0 added as a decimal would leave its trace in the sum's scale.
        static bool IsWhole(decimal d, int value) => d.Scale == 0 && d == value;
    }

    /// <summary>Every measure for a unit and window.</summary>
    public static IReadOnlyDictionary<string, Measure> ComputeAll(UnitRecords records, ReportingWindow window, DateTimeOffset now)
    {
        var context = MeasureContext.Of(records, window, now);
        return All.ToDictionary(m => m.Code, m => Compute(m, context));
    }

    private static Counted Ratio(object fact, bool hit, Timeliness t = Timeliness.NotOpen) => new(new(fact, t), hit ? 1 : 0, 1, !hit);

    private static IEnumerable<Counted> Judged(MeasureContext c, IEnumerable<DeadlineFact> facts, bool late)
    {
        foreach (var f in facts)
        {
            var t = f.Judge(c.Start, c.AsOf);
            if (t == Timeliness.NotOpen) continue;
            var isLate = t == Timeliness.Late;
            yield return new Counted(new(f, t), isLate == late ? 1 : 0, 1, isLate);
        }
    }

    private static IEnumerable<Counted> LateDossiers(MeasureContext c)
    {
        foreach (var d in c.Records.Dossiers)
            if (d.Judge(c.Start, c.AsOf) == Timeliness.Late)
                yield return Ratio(d, d.Apology, Timeliness.Late);
    }

    private static IEnumerable<Counted> Received(MeasureContext c, Func<DossierFact, bool> hit, Func<DossierFact, bool>? eligible = null) =>
        c.Records.Dossiers.Where(d => c.ReceivedIn(d) && (eligible is null || eligible(d))).Select(d => Ratio(d, hit(d)));

    /// <summary>Procedures are a standing list, not events: every window sees the list as it is now.</summary>
    private static IEnumerable<Counted> Procedures(MeasureContext c, Func<ProcedureFact, bool> hit) =>
        c.Records.Procedures.Values.Select(p => Ratio(p, hit(p)));

    /// <summary>Each project's latest report of the window's year dated before the window ends.</summary>
    private static IEnumerable<DisbursementFact> LatestReports(MeasureContext c) =>
        c.Records.Projects.Where(p => p.Day.Year == c.Window.Year && p.Day < c.Window.End)
            .GroupBy(p => p.ProjectCode, StringComparer.Ordinal)
            .Select(g => g.MaxBy(p => p.Day)!);

    /// <summary>A report belongs to the windows its due date falls in; one not yet due and not yet sent is on time.</summary>
    private static IEnumerable<Counted> Reports(MeasureContext c)
    {
        foreach (var r in c.Records.Reports)
        {
            if (!c.Window.Contains(r.DueDay)) continue;
            var at = r.Finished <= c.AsOf ? r.Finished : c.AsOf;
            var onTime = at < r.PastDue;
            yield return Ratio(r, onTime, onTime ? Timeliness.OnTime : Timeliness.Late);
        }
    }
}
