using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// A reference set of records for one commune, every expected figure and every Decision 766 point worked out by hand in
/// the comments. "Now" is 10:00 local time on 27/11/2026; the window is November 2026 on the calendar unless a test says
/// otherwise. Records are given as the importer stores them (normalised JSON), so reading them is tested too.
/// </summary>
public sealed class ReferenceSetTests
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private static readonly Rubric Rubric766 = RubricLoader.LoadFile(Path.Combine(Seeds, "rubrics", "qd-766-2022.json"), k => Catalog.Find(k) is not null);

    private static readonly DateTimeOffset Now = Local("2026-11-27 10:00");
    private static readonly ReportingWindow November = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 11, 1));

    // Procedures: P1 and P3 are eligible for end-to-end online service; P2 and P3 carry a fee.
    //   published on the portal 3 of 4 (75%), listed at the one-stop desk 4 of 4 (100%),
    //   in the one-stop software 3 of 4 (75%), with an internal procedure 3 of 4 (75%).
    private static IEnumerable<(string, string, string)> Procedures() =>
    [
        Procedure("P1", published: true, oneStop: true, software: true, internalProcedure: true, eligible: true, fee: false),
        Procedure("P2", published: true, oneStop: true, software: true, internalProcedure: false, eligible: false, fee: true),
        Procedure("P3", published: true, oneStop: true, software: false, internalProcedure: true, eligible: true, fee: true),
        Procedure("P4", published: false, oneStop: true, software: true, internalProcedure: true, eligible: false, fee: false),
    ];

    /// <summary>
    /// 35 ordinary dossiers R01–R35, received 02/11 08:00, due 05/11, returned 04/11 10:00 (on time):
    ///   procedure P1 for R01–R12, P2 for R13–R24, P3 for R25–R35;
    ///   channel end-to-end online R01–R10, partly online R11–R18, in person R19–R35;
    ///   result digitised R01–R27; paid online R13–R30.
    /// And the special ones:
    ///   S1 P1, received 03/11, due 06/11, returned 09/11: late, with an apology letter; in person; not digitised.
    ///   S2 P2, received 10/11, due 12/11, still open on 27/11: late before it is finished; no letter; partly online.
    ///   S3 P4, received 09/11 08:00, due 10/11, returned 23:30 local on 10/11: on time; in person; digitised.
    ///   S4 P1, received 25/11 09:00, due 02/12, still open: in progress within its deadline, on time; end-to-end online.
    ///   S5 P1, received 28/10, due 05/11, returned 03/11: open in November, on time, but received in October; digitised.
    ///   S6 P1, received 01/10, due 05/10, returned 03/10: closed before November, not counted at all.
    /// </summary>
    private static IEnumerable<(string, string, string)> Dossiers()
    {
        for (var i = 1; i <= 35; i++)
        {
            var procedure = i <= 12 ? "P1" : i <= 24 ? "P2" : "P3";
            var channel = i <= 10 ? "truc-tuyen-toan-trinh" : i <= 18 ? "truc-tuyen-mot-phan" : "truc-tiep";
            yield return Dossier($"R{i:00}", procedure, Local("2026-11-02 08:00"), "2026-11-05", Local("2026-11-04 10:00"), channel,
                apology: false, digitized: i <= 27, paid: i is >= 13 and <= 30);
        }
        yield return Dossier("S1", "P1", Local("2026-11-03 08:00"), "2026-11-06", Local("2026-11-09 09:00"), "truc-tiep", apology: true, digitized: false, paid: false);
        yield return Dossier("S2", "P2", Local("2026-11-10 08:00"), "2026-11-12", null, "truc-tuyen-mot-phan", apology: false, digitized: false, paid: false);
        yield return Dossier("S3", "P4", Local("2026-11-09 08:00"), "2026-11-10", Local("2026-11-10 23:30"), "truc-tiep", apology: false, digitized: true, paid: false);
        yield return Dossier("S4", "P1", Local("2026-11-25 09:00"), "2026-12-02", null, "truc-tuyen-toan-trinh", apology: false, digitized: false, paid: false);
        yield return Dossier("S5", "P1", Local("2026-10-28 08:00"), "2026-11-05", Local("2026-11-03 15:00"), "truc-tiep", apology: false, digitized: true, paid: false);
        yield return Dossier("S6", "P1", Local("2026-10-01 08:00"), "2026-10-05", Local("2026-10-03 15:00"), "truc-tiep", apology: false, digitized: true, paid: false);
    }

    /// <summary>
    /// F1 received 03/11, due 13/11, handled 10/11, satisfaction 90: on time.
    /// F2 received 12/11, due 22/11, not handled by 27/11: late.
    /// F3 received 20/11, due 30/11, not handled: within its deadline, on time.
    /// F4 received 01/11, due 11/11, handled on 11/11, satisfaction 70: on time.
    /// </summary>
    private static IEnumerable<(string, string, string)> Feedback() =>
    [
        Row("feedback", "F1", ("ngay_nhan", "2026-11-03"), ("han_xu_ly", "2026-11-13"), ("ngay_xu_ly", "2026-11-10"), ("muc_hai_long", 90m)),
        Row("feedback", "F2", ("ngay_nhan", "2026-11-12"), ("han_xu_ly", "2026-11-22"), ("ngay_xu_ly", null), ("muc_hai_long", null)),
        Row("feedback", "F3", ("ngay_nhan", "2026-11-20"), ("han_xu_ly", "2026-11-30"), ("ngay_xu_ly", null), ("muc_hai_long", null)),
        Row("feedback", "F4", ("ngay_nhan", "2026-11-01"), ("han_xu_ly", "2026-11-11"), ("ngay_xu_ly", "2026-11-11"), ("muc_hai_long", 70m)),
    ];

    /// <summary>
    /// Reports due in November: B1 due 05/11 sent 05/11 (on time), B2 due 20/11 sent 21/11 (late), B3 due 25/11 not sent
    /// (late), B4 due 30/11 not sent (not due yet: on time). B5 was due in October.
    /// </summary>
    private static IEnumerable<(string, string, string)> Reports() =>
    [
        Report("B1", "2026-11", "2026-11-05", "2026-11-05"),
        Report("B2", "2026-11", "2026-11-20", "2026-11-21"),
        Report("B3", "2026-11", "2026-11-25", null),
        Report("B4", "2026-11", "2026-11-30", null),
        Report("B5", "2026-10", "2026-10-20", "2026-10-22"),
    ];

    /// <summary>
    /// T1 assigned 01/10, due 31/10, done 28/10: closed before November. T2 assigned 05/11, due 20/11, not done: late.
    /// T3 assigned 02/11, due 15/11, done 14/11: on time. T4 assigned 20/10, due 10/11, done 12/11: late.
    /// </summary>
    private static IEnumerable<(string, string, string)> Tasks() =>
    [
        Task("T1", "2026-10-01", "2026-10-31", "2026-10-28"),
        Task("T2", "2026-11-05", "2026-11-20", null),
        Task("T3", "2026-11-02", "2026-11-15", "2026-11-14"),
        Task("T4", "2026-10-20", "2026-11-10", "2026-11-12"),
    ];

    /// <summary>November: V1, V2 electronic; V3 on paper; V4 secret (left out); V5 is October's.</summary>
    private static IEnumerable<(string, string, string)> Documents() =>
    [
        Row("document", "V1", ("chieu", "di"), ("dien_tu", true), ("mat", false), ("ngay", "2026-11-03")),
        Row("document", "V2", ("chieu", "den"), ("dien_tu", true), ("mat", false), ("ngay", "2026-11-05")),
        Row("document", "V3", ("chieu", "di"), ("dien_tu", false), ("mat", false), ("ngay", "2026-11-10")),
        Row("document", "V4", ("chieu", "den"), ("dien_tu", false), ("mat", true), ("ngay", "2026-11-12")),
        Row("document", "V5", ("chieu", "den"), ("dien_tu", true), ("mat", false), ("ngay", "2026-10-30")),
    ];

    /// <summary>2026 plan 1 250 000 000 + 800 000 000 = 2 050 000 000; disbursed 1 102 500 000 + 800 000 000 = 1 902 500 000. DA3 is 2025's.</summary>
    private static IEnumerable<(string, string, string)> Projects() =>
    [
        Row("disbursement", "DA1", ("ten_du_an", "Đường thôn 2"), ("ke_hoach_von", 1_250_000_000m), ("da_giai_ngan", 1_102_500_000m), ("ngay", "2026-11-25")),
        Row("disbursement", "DA2", ("ten_du_an", "Trường tiểu học"), ("ke_hoach_von", 800_000_000m), ("da_giai_ngan", 800_000_000m), ("ngay", "2026-11-20")),
        Row("disbursement", "DA3", ("ten_du_an", "Nhà văn hóa"), ("ke_hoach_von", 500_000_000m), ("da_giai_ngan", 100_000_000m), ("ngay", "2025-12-20")),
    ];

    private static UnitRecords Set() => UnitRecords.FromRows("que-minh",
        Procedures().Concat(Dossiers()).Concat(Feedback()).Concat(Reports()).Concat(Tasks()).Concat(Documents()).Concat(Projects()));

    /// <summary>SIPAS arrives as a yearly reading: 92%.</summary>
    private static readonly ReadingBook Readings = new(
    [
        new Reading { UnitCode = "que-minh", KpiCode = "sipas", Period = "2026", Source = "manual", Value = 92 },
    ]);

    private static decimal? Kpi(string code, ReportingWindow? window = null) =>
        Figures.Of(Catalog.Find(code)!, Set(), Readings, window ?? November, Now).Value;

    private static decimal Pct(decimal hits, decimal total) => Math.Round(100m * hits / total, 4, MidpointRounding.AwayFromZero);

    [Fact]
    public void Every_record_based_kpi_of_the_plan()
    {
        // Open in November: R01–R35, S1–S5 = 40; late: S1, S2 = 2 → exactly 5%.
        Assert.Equal(5m, Kpi("ho-so-tre-han"));
        // Late dossiers with an apology letter: S1 of S1, S2.
        Assert.Equal(50m, Kpi("ho-so-tre-han-xin-loi"));
        // Received in November: R01–R35, S1–S4 = 39. Online: R01–R18, S2, S4 = 20; end-to-end: R01–R10, S4 = 11.
        Assert.Equal(Pct(20, 39), Kpi("ho-so-truc-tuyen"));
        Assert.Equal(Pct(11, 39), Kpi("ho-so-toan-trinh"));
        // Returned in November: R01–R35, S1, S3, S5 = 38; digitised: R01–R27, S3, S5 = 29.
        Assert.Equal(Pct(29, 38), Kpi("ho-so-so-hoa"));
        // Received in November for a procedure with a fee (P2: R13–R24, S2; P3: R25–R35) = 24; paid online R13–R30 = 18.
        Assert.Equal(75m, Kpi("ho-so-thanh-toan-truc-tuyen"));
        Assert.Equal(75m, Kpi("tthc-niem-yet"));
        Assert.Equal(100m, Kpi("tthc-mot-cua"));
        Assert.Equal(75m, Kpi("tthc-phan-mem-mot-cua"));
        Assert.Equal(75m, Kpi("tthc-quy-trinh-noi-bo"));
        // F1, F3, F4 on time of 4.
        Assert.Equal(75m, Kpi("pakn-xu-ly"));
        // B1, B4 on time of B1–B4.
        Assert.Equal(50m, Kpi("bao-cao-lris-gris"));
        // T2, T3, T4 open in November; T3 on time.
        Assert.Equal(Pct(1, 3), Kpi("nhiem-vu-huyen-giao"));
        // V1, V2 of V1–V3 (V4 secret).
        Assert.Equal(Pct(2, 3), Kpi("van-ban-dien-tu"));
        Assert.Equal(Pct(1_902_500_000, 2_050_000_000), Kpi("giai-ngan-dau-tu-cong"));
        // Not from records: the yearly SIPAS reading speaks for November.
        Assert.Equal(92m, Kpi("sipas"));
    }

    [Fact]
    public void Exactly_five_percent_late_misses_the_under_five_percent_target()
    {
        var figure = Figures.Of(Catalog.Find("ho-so-tre-han")!, Set(), Readings, November, Now);
        Assert.Equal(5m, figure.Value);
        Assert.NotEqual(KpiStatus.Met, figure.Status);
        Assert.Equal(new Measure(Measures.DossiersLate, 2, 40, 40, 2), figure.Measure);
    }

    [Fact]
    public void Decision_766_points_for_the_commune_worked_by_hand()
    {
        var card = ScoreCalculator.Score(Rubric766, CriterionScope.Commune,
            c => Figures.Input(c, Catalog, Set(), Readings, November, Now));
        decimal? Points(string code) => card.Criteria.Single(c => c.Criterion.Code == code).Points;
        decimal? Group(string code) => card.Groups.Single(g => g.Group.Code == code).Points;

        // CKMB: 2 × 75% (published) = 1.5. CKMB-4 (synchronised with the national portal) has no measure: no data, not
        // the share of procedures in the one-stop software. CKMB-1, -2 are the province's.
        Assert.Equal(1.5m, Points("CKMB-3"));
        Assert.Null(Points("CKMB-4"));
        Assert.Null(Points("CKMB-1"));
        Assert.False(card.Criteria.Single(c => c.Criterion.Code == "CKMB-1").Applies);
        Assert.Equal(1.5m, Group("CKMB"));
        // TDGQ: 20 × 38/40.
        Assert.Equal(19m, Points("TDGQ-1"));
        // CLGQ: received for an eligible procedure (P1: R01–R12, S1, S4; P3: R25–R35) = 25; end-to-end R01–R10, S4 = 11: 12 × 44%.
        Assert.Equal(5.28m, Points("CLGQ-1"));
        Assert.Equal(5.28m, Group("CLGQ"));
        // TTTT: paid online 75%, full points at 80%: 6 × 75/80 = 5.625, kept exact. Two more paid dossiers would reach 80% (19.2 of 24).
        Assert.Equal(5.625m, Points("TTTT-3"));
        Assert.Equal(2, card.Criteria.Single(c => c.Criterion.Code == "TTTT-3").RecordsToFull);
        // MDSH: results digitised 29/38 = 76.3158% (a rate keeps 4 decimals): 6 × 0.763158 = 4.578948; the other commune items have no data.
        Assert.Equal(4.578948m, Points("MDSH-1"));
        Assert.Null(Points("MDSH-2"));
        Assert.Equal(4.578948m, Group("MDSH"));
        // MDHL: feedback on time 6 × 75% = 4.5; satisfaction (90 + 70) / 2 = 80%: 4.8. SIPAS arrives as a yearly reading
        // (2026), which does not lie in November: no data for November, rather than the year's figure repeated every month.
        Assert.Equal(4.5m, Points("MDHL-1"));
        Assert.Equal(4.8m, Points("MDHL-2"));
        Assert.Null(Points("MDHL-3"));
        Assert.Equal(9.3m, Group("MDHL"));

        // 1.5 + 19 + 5.28 + 5.625 + 4.578948 + 9.3 = 45.283948 of the 58 points that could be measured (2 + 20 + 12 + 6 + 6 + 12).
        Assert.Equal(45.283948m, card.Points);
        Assert.Equal(58m, card.MaxWithData);
        // On the 100-point scale, rounded once: 45.283948 / 58 × 100 = 78.0758… → 78.08 → "Khá" (70 to under 80).
        Assert.Equal(78.08m, card.Score100);
        Assert.Equal("kha", card.Band!.Code);
        // TDGQ lost 1 point on 2 late dossiers.
        var tdgq = card.Criteria.Single(c => c.Criterion.Code == "TDGQ-1");
        Assert.Equal(1m, tdgq.Lost);
        Assert.Equal(2, tdgq.Measure!.Failing);
    }

    /// <summary>
    /// Decision 766 TDGQ, as we read it: on time ÷ dossiers open in the period, counting a dossier still in progress within
    /// its deadline as on time (the criterion's own words: "kể cả đang giải quyết trong hạn"). November, judged at 10:00 on 27/11:
    ///   A received 02/11, due 05/11, returned 04/11: on time.          B received 02/11, due 05/11, returned 07/11: late.
    ///   C received 20/11, due 02/12, still open: in progress within its deadline, on time.
    ///   D received 10/11, due 12/11, still open: past its deadline, late.
    ///   E received 28/10, due 05/11, returned 03/11: open in November, on time.   F received and returned in October: not counted.
    /// Open in November: A, B, C, D, E = 5; on time A, C, E = 3 → 60% → 20 × 0,6 = 12 points. Counting only finished dossiers
    /// (A, B, E: 2 of 3) would give 13,33; counting C and D nowhere would too.
    /// </summary>
    [Fact]
    public void Decision_766_on_time_is_on_time_over_dossiers_open_in_the_period_in_progress_within_deadline_included()
    {
        var records = UnitRecords.FromRows("que-minh", Procedures().Concat(
        [
            Dossier("A", "P1", Local("2026-11-02 08:00"), "2026-11-05", Local("2026-11-04 10:00"), "truc-tiep", false, false, false),
            Dossier("B", "P1", Local("2026-11-02 08:00"), "2026-11-05", Local("2026-11-07 10:00"), "truc-tiep", false, false, false),
            Dossier("C", "P1", Local("2026-11-20 08:00"), "2026-12-02", null, "truc-tiep", false, false, false),
            Dossier("D", "P1", Local("2026-11-10 08:00"), "2026-11-12", null, "truc-tiep", false, false, false),
            Dossier("E", "P1", Local("2026-10-28 08:00"), "2026-11-05", Local("2026-11-03 15:00"), "truc-tiep", false, false, false),
            Dossier("F", "P1", Local("2026-10-01 08:00"), "2026-10-05", Local("2026-10-03 15:00"), "truc-tiep", false, false, false),
        ]));
        var card = ScoreCalculator.Score(Rubric766, CriterionScope.Commune, c => Figures.Input(c, Catalog, records, ReadingBook.Empty, November, Now));
        var tdgq = card.Criteria.Single(c => c.Criterion.Code == "TDGQ-1");

        Assert.Equal(new Measure(Measures.DossiersOnTime, 3, 5, 5, 2), tdgq.Measure);
        Assert.Equal(60m, tdgq.Value);
        Assert.Equal(12m, tdgq.Points);
    }

    [Fact]
    public void Without_any_feedback_its_points_go_to_the_other_satisfaction_criterion()
    {
        var noFeedback = UnitRecords.FromRows("que-minh", Procedures().Concat(Dossiers()));
        var novemberSipas = new ReadingBook([new Reading { UnitCode = "que-minh", KpiCode = "sipas", Period = "2026-11", Source = "manual", Value = 92 }]);
        var card = ScoreCalculator.Score(Rubric766, CriterionScope.Commune, c => Figures.Input(c, Catalog, noFeedback, novemberSipas, November, Now));
        var mdhl = card.Groups.Single(g => g.Group.Code == "MDHL");
        Assert.Null(mdhl.Criteria[0].Points);
        Assert.Null(mdhl.Criteria[1].Points);
        // SIPAS 92% ≥ 90% carries all 18 points of the group.
        Assert.Equal(18m, mdhl.Criteria[2].MaxPoints);
        Assert.Equal(18m, mdhl.Points);
    }

    [Fact]
    public void No_dossiers_means_no_data_never_zero_or_full()
    {
        var onlyProcedures = UnitRecords.FromRows("que-minh", Procedures());
        Assert.Null(Figures.Of(Catalog.Find("ho-so-tre-han")!, onlyProcedures, ReadingBook.Empty, November, Now).Value);

        // A month nobody filed a dossier in, with dossiers on record: no data either.
        var may = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, new DateOnly(2026, 5, 1));
        Assert.Null(Kpi("ho-so-tre-han", may));
        Assert.Null(Kpi("ho-so-tre-han-xin-loi", may));
        var card = ScoreCalculator.Score(Rubric766, CriterionScope.Commune, c => Figures.Input(c, Catalog, Set(), ReadingBook.Empty, may, Now));
        Assert.Null(card.Criteria.Single(c => c.Criterion.Code == "TDGQ-1").Points);
        Assert.Null(card.Groups.Single(g => g.Group.Code == "TDGQ").Points);
    }

    [Fact]
    public void The_administrative_cut_off_gives_its_own_figures()
    {
        // Administrative November runs 15/10–14/11 and is over by 27/11, so it is judged at 00:00 on 15/11:
        // T1 (done 28/10, on time), T2 (due 20/11, not yet due: on time), T3 (done 14/11 before 15/11: on time),
        // T4 (done 12/11 after 10/11: late) → 3 of 4. The calendar month gives 1 of 3.
        var adminNovember = ReportingWindow.Containing(WindowKind.Month, CutOff.Administrative, new DateOnly(2026, 11, 1));
        Assert.Equal(new DateOnly(2026, 10, 15), adminNovember.Start);
        Assert.Equal(75m, Kpi("nhiem-vu-huyen-giao", adminNovember));
        // Reports due 15/10–14/11: B5 (late, 22/10 after 20/10) and B1 (on time) → 50%.
        Assert.Equal(50m, Kpi("bao-cao-lris-gris", adminNovember));
        // Documents dated 15/10–14/11: V1, V2, V3, V5 (V4 secret) → 3 of 4.
        Assert.Equal(75m, Kpi("van-ban-dien-tu", adminNovember));
    }

    /// <summary>
    /// A dossier received 28/12/2026, due 03/01/2027, returned 06/01/2027 (late). "Now" is 01/02/2027.
    /// </summary>
    [Theory]
    // At the end of the calendar year 2026 it was in progress within its deadline: on time.
    [InlineData(WindowKind.Year, CutOff.Calendar, "2026-06-01", 0)]
    // In calendar January 2027 it was returned late.
    [InlineData(WindowKind.Month, CutOff.Calendar, "2027-01-10", 100)]
    // The administrative year 2027 began on 15/12/2026: it belongs to it, and was late.
    [InlineData(WindowKind.Year, CutOff.Administrative, "2027-06-01", 100)]
    // The administrative January (15/12–14/01) crosses the year: late within it.
    [InlineData(WindowKind.Month, CutOff.Administrative, "2027-01-10", 100)]
    // The administrative year 2026 ended on 14/12/2026, before it was received.
    [InlineData(WindowKind.Year, CutOff.Administrative, "2026-06-01", null)]
    public void A_period_crossing_the_year_on_both_cut_offs(WindowKind kind, CutOff cutOff, string day, int? expectedLate)
    {
        var records = UnitRecords.FromRows("que-minh",
            [Dossier("Y1", "P1", Local("2026-12-28 08:00"), "2027-01-03", Local("2027-01-06 09:00"), "truc-tiep", false, false, false)]);
        var window = ReportingWindow.Containing(kind, cutOff, DateOnly.Parse(day, CultureInfo.InvariantCulture));
        var figure = Figures.Of(Catalog.Find("ho-so-tre-han")!, records, ReadingBook.Empty, window, Local("2027-02-01 08:00"));
        Assert.Equal(expectedLate, figure.Value is { } v ? (int)v : null);
    }

    [Fact]
    public void Finished_at_23_30_local_on_the_due_date_is_on_time_and_the_next_morning_is_late()
    {
        UnitRecords One(string finished) => UnitRecords.FromRows("que-minh",
            [Dossier("X", "P1", Local("2026-11-09 08:00"), "2026-11-10", Local(finished), "truc-tiep", false, false, false)]);
        Assert.Equal(0m, Figures.Of(Catalog.Find("ho-so-tre-han")!, One("2026-11-10 23:30"), ReadingBook.Empty, November, Now).Value);
        Assert.Equal(100m, Figures.Of(Catalog.Find("ho-so-tre-han")!, One("2026-11-11 00:10"), ReadingBook.Empty, November, Now).Value);
    }

    [Fact]
    public void In_progress_dossiers_inside_and_past_their_deadline()
    {
        var records = UnitRecords.FromRows("que-minh",
        [
            Dossier("inside", "P1", Local("2026-11-25 08:00"), "2026-11-27", null, "truc-tiep", false, false, false),
            Dossier("past", "P1", Local("2026-11-20 08:00"), "2026-11-26", null, "truc-tiep", false, false, false),
        ]);
        var measure = Figures.Of(Catalog.Find("ho-so-tre-han")!, records, ReadingBook.Empty, November, Now).Measure!;
        // Due today (27/11) and still open at 10:00: on time. Due yesterday: late before it is finished.
        Assert.Equal(new Measure(Measures.DossiersLate, 1, 2, 2, 1), measure);
        var late = Measures.Find(Measures.DossiersLate)!.Count(MeasureContext.Of(records, November, Now)).Where(c => c.Failing).ToList();
        Assert.Equal("past", ((DossierFact)late.Single().Record.Fact).Key);
    }

    [Fact]
    public void A_measure_sums_whole_counts_amounts_and_scores_exactly_as_decimal_addition_would()
    {
        // Compute tallies records counting 0 or 1 out of 1 as whole numbers; the sums must be the plain decimal sums,
        // to the scale (a satisfaction of 1.0 keeps its ".0").
        Counted[][] sets =
        [
            [new(default, 1, 1, false), new(default, 0, 1, true), new(default, 1, 1, false), new(default, 1.0m, 1, false)],
            [new(default, 1, 1, false), new(default, 0.9m, 1, false), new(default, 1_102_500_000m, 1_250_000_000m, true), new(default, 0, 1.00m, true)],
        ];
        foreach (var counted in sets)
        {
            var measure = Measures.Compute(new MeasureDefinition("test", "dossier", null, _ => counted), MeasureContext.Of(Set(), November, Now));
            var hits = counted.Aggregate(0m, (sum, c) => sum + c.Hit);
            var total = counted.Aggregate(0m, (sum, c) => sum + c.Weight);
            Assert.Equal(new Measure("test", hits, total, 4, counted.Count(c => c.Failing)), measure);
            Assert.Equal(hits.ToString(CultureInfo.InvariantCulture), measure.Hits.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(total.ToString(CultureInfo.InvariantCulture), measure.Total.ToString(CultureInfo.InvariantCulture));
        }
    }

    // ---- building records as the importer stores them ----

    private static DateTimeOffset Local(string text)
    {
        var local = DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static (string, string, string) Row(string kind, string key, params (string Name, object? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
            json[name] = value switch
            {
                null => null,
                string s => s,
                bool b => b,
                decimal d => d,
                _ => throw new ArgumentException(name),
            };
        return (kind, key, json.ToJsonString());
    }

    private static (string, string, string) Procedure(string key, bool published, bool oneStop, bool software, bool internalProcedure, bool eligible, bool fee) =>
        Row("procedure", key, ("ten_thu_tuc", "Thủ tục " + key), ("niem_yet_cong", published), ("niem_yet_mot_cua", oneStop), ("tiep_nhan_mot_cua", oneStop),
            ("trong_phan_mem", software), ("quy_trinh_noi_bo", internalProcedure), ("du_dieu_kien_toan_trinh", eligible), ("co_phi", fee));

    private static (string, string, string) Dossier(string key, string procedure, DateTimeOffset received, string due, DateTimeOffset? returned,
        string channel, bool apology, bool digitized, bool paid) =>
        Row("dossier", key, ("ma_thu_tuc", procedure), ("ngay_nhan", Iso(received)), ("han_tra", due),
            ("ngay_tra", returned is { } r ? Iso(r) : null), ("kenh", channel), ("thu_xin_loi", apology), ("so_hoa_ket_qua", digitized),
            ("thanh_toan_truc_tuyen", paid), ("co_quan", "van-phong"));

    private static (string, string, string) Report(string key, string period, string due, string? sent) =>
        Row("report", key, ("ten_bao_cao", "Báo cáo " + key), ("ky_bao_cao", period), ("han_nop", due), ("ngay_nop", sent));

    private static (string, string, string) Task(string key, string assigned, string due, string? done) =>
        Row("task", key, ("noi_dung", "Nhiệm vụ " + key), ("ngay_giao", assigned), ("han_hoan_thanh", due), ("ngay_hoan_thanh", done));
}
