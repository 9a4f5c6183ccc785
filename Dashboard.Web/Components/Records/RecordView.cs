using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Records;

/// <summary>A record behind a figure as a leader reads it: what it is, who handles it, its dates and what is wrong with it.</summary>
public sealed record RecordView(string Key, string Title, string Agency, DateTimeOffset? Received, DateOnly? Due, DateTimeOffset? Finished,
    string State, bool Failing, decimal? Amount = null, decimal? Of = null)
{
    /// <param name="asOf">The instant the period is judged at (its end, or now for the current period): the state shown
    /// is the state then, so a dossier returned after the period ended reads as still in progress within that period.</param>
    public static RecordView From(Counted counted, MeasureDefinition measure, UnitRecords records, KpiCatalog catalog, IStringLocalizer<Strings> loc,
        long asOf)
    {
        var fact = counted.Record.Fact;
        var late = counted.Record.Timeliness == Timeliness.Late;
        bool Done(DeadlineFact f) => f.Finished < asOf;
        string S(string key) => loc[key];
        string Agency(string? code) => code is null ? "—" : catalog.FindAgency(code)?.Name.Current ?? code;

        return fact switch
        {
            DossierFact d => new RecordView(d.Key, records.Procedures.GetValueOrDefault(d.Procedure)?.Name ?? d.Procedure, Agency(d.Agency),
                Instant(d.Received), DueDay(d.PastDue), Instant(d.Finished), DossierState(d, Done(d), measure.Code, counted, S), counted.Failing),
            FeedbackFact f => new RecordView(f.Key, f.Key, Agency(f.Agency), Instant(f.Received), DueDay(f.PastDue), Instant(f.Finished),
                measure.Code == Measures.FeedbackSatisfaction
                    ? string.Format(S(nameof(Strings.StateSatisfaction)), f.Satisfaction?.ToString("0.##", KpiFormat.Vi))
                    : Deadline(Done(f), late, S), counted.Failing),
            TaskFact t => new RecordView(t.Key, t.Title, Agency(t.Agency), Instant(t.Received), DueDay(t.PastDue), Instant(t.Finished),
                Deadline(Done(t), late, S), counted.Failing),
            ReportFact r => new RecordView(r.Key, r.Title, Agency(r.Agency), null, r.DueDay, Instant(r.Finished),
                Done(r) ? S(late ? nameof(Strings.StateSentLate) : nameof(Strings.StateSentOnTime))
                    : S(late ? nameof(Strings.StateNotSentOverdue) : nameof(Strings.StateNotDueYet)), counted.Failing),
            ProcedureFact p => new RecordView(p.Key, p.Name, "—", null, null, null,
                counted.Failing ? ProcedureMissing(p, measure.Code, S) : S(nameof(Strings.StateDone)), counted.Failing),
            DocumentFact doc => new RecordView(doc.Key, S(doc.Incoming ? nameof(Strings.DocumentIncoming) : nameof(Strings.DocumentOutgoing)), "—",
                null, doc.Day, null, S(doc.Electronic ? nameof(Strings.StateElectronic) : nameof(Strings.StatePaper)), counted.Failing),
            DisbursementFact m => new RecordView(m.ProjectCode, m.Name ?? m.ProjectCode, "—", null, m.Day, null,
                string.Format(S(nameof(Strings.StateDisbursed)), (m.Plan == 0 ? 0 : 100m * m.Disbursed / m.Plan).ToString("0.#", KpiFormat.Vi)),
                counted.Failing, m.Disbursed, m.Plan),
            _ => new RecordView("?", "?", "—", null, null, null, "", counted.Failing),
        };
    }

    private static string DossierState(DossierFact d, bool done, string measure, Counted c, Func<string, string> s) => measure switch
    {
        Measures.ReceivedOnline => s(d.Online ? nameof(Strings.StateOnline) : nameof(Strings.StateNotOnline)),
        Measures.ReceivedEndToEnd or Measures.EndToEndOfEligible =>
            s(d.Channel == Channel.OnlineEndToEnd ? nameof(Strings.StateEndToEnd) : nameof(Strings.StateNotEndToEnd)),
        Measures.ResultsDigitized => s(d.DigitizedResult ? nameof(Strings.StateDigitized) : nameof(Strings.StateNotDigitized)),
        Measures.PaidOnline => s(d.PaidOnline ? nameof(Strings.StatePaidOnline) : nameof(Strings.StateNotPaidOnline)),
        _ when c.Record.Timeliness == Timeliness.Late =>
            s(done ? nameof(Strings.StateLate) : nameof(Strings.StateOverdueOpen)) + " · " +
            s(d.Apology ? nameof(Strings.StateWithApology) : nameof(Strings.StateNoApology)),
        _ => s(done ? nameof(Strings.StateOnTime) : nameof(Strings.StateOpenWithinDeadline)),
    };

    private static string Deadline(bool done, bool late, Func<string, string> s) => late
        ? s(done ? nameof(Strings.StateLate) : nameof(Strings.StateOverdueOpen))
        : s(done ? nameof(Strings.StateOnTime) : nameof(Strings.StateOpenWithinDeadline));

    private static string ProcedureMissing(ProcedureFact p, string measure, Func<string, string> s) => measure switch
    {
        // Which of the two places still lacks it, or both.
        Measures.ProceduresPublished => string.Join(" · ", new[]
        {
            p.PublishedOnPortal ? null : s(nameof(Strings.StateNotPublished)),
            p.ListedAtOneStop ? null : s(nameof(Strings.StateNotAtOneStop)),
        }.OfType<string>()),
        Measures.ProceduresOneStop => s(nameof(Strings.StateNotReceivedAtOneStop)),
        Measures.ProceduresInSoftware => s(nameof(Strings.StateNotInSoftware)),
        _ => s(nameof(Strings.StateNoInternalProcedure)),
    };

    private static DateTimeOffset? Instant(long ticks) =>
        ticks is long.MaxValue or long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    /// <summary>The last day within the deadline (the first instant past it is the next local midnight for a bare date).</summary>
    private static DateOnly? DueDay(long pastDue) =>
        pastDue == long.MaxValue ? null : DateOnly.FromDateTime(VietnamTime.ToLocal(new DateTimeOffset(pastDue - 1, TimeSpan.Zero)).DateTime);

    public static string Date(DateOnly? day) => day?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    public static string DateTime(DateTimeOffset? at) => at is { } a ? VietnamTime.ToLocal(a).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";
}
