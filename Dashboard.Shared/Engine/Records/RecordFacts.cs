using System.Text.Json;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine.Records;

/// <summary>
/// Something with a deadline (a dossier, a piece of feedback, a report, a task), with its instants already read from the
/// stored text, so judging a period is arithmetic on UTC ticks. <see cref="PastDue"/> is the first instant past the
/// deadline (a bare due date runs to the end of that local day); <see cref="Finished"/> is <see cref="long.MaxValue"/>
/// while it is still open.
/// </summary>
public abstract record DeadlineFact(string Key, string? Agency, long Received, long PastDue, long Finished)
{
    public bool IsFinished => Finished != long.MaxValue;

    /// <summary>The rule of <see cref="DeadlineRules.Judge"/> on ticks: open in the window, judged at its end (or now).</summary>
    public Timeliness Judge(long windowStart, long asOf)
    {
        if (Received >= asOf || Finished < windowStart) return Timeliness.NotOpen;
        var at = Finished <= asOf ? Finished : asOf;
        return at < PastDue ? Timeliness.OnTime : Timeliness.Late;
    }
}

public enum Channel { InPerson, OnlinePartial, OnlineEndToEnd, Post }

public sealed record DossierFact(string Key, string? Agency, long Received, long PastDue, long Finished, string Procedure, Channel Channel,
    bool Apology, bool DigitizedResult, bool PaidOnline) : DeadlineFact(Key, Agency, Received, PastDue, Finished)
{
    public bool Online => Channel is Channel.OnlinePartial or Channel.OnlineEndToEnd;
}

/// <param name="ReceivedAtOneStop">Received and returned at the one-stop desk (<c>tiep_nhan_mot_cua</c>); null for a
/// procedure stored before the field existed, which is not counted until the list is imported again.</param>
public sealed record ProcedureFact(string Key, string Name, bool PublishedOnPortal, bool ListedAtOneStop, bool InSoftware, bool InternalProcedure,
    bool EligibleEndToEnd, bool HasFee, bool? ReceivedAtOneStop = null);

/// <summary>Citizen feedback: received → handled, with the citizen's satisfaction (0–100) when given.</summary>
public sealed record FeedbackFact(string Key, string? Agency, long Received, long PastDue, long Finished, decimal? Satisfaction)
    : DeadlineFact(Key, Agency, Received, PastDue, Finished);

/// <summary>A task the district assigned: assigned → done.</summary>
public sealed record TaskFact(string Key, string Title, string? Agency, long Received, long PastDue, long Finished)
    : DeadlineFact(Key, Agency, Received, PastDue, Finished);

/// <summary>A periodic report: it has no receipt, only a due date; it belongs to the windows its due date falls in.</summary>
public sealed record ReportFact(string Key, string Title, string? Agency, string Period, DateOnly DueDay, long PastDue, long Finished)
    : DeadlineFact(Key, Agency, long.MinValue, PastDue, Finished);

public sealed record DocumentFact(string Key, bool Incoming, bool Electronic, bool Secret, DateOnly Day);

/// <summary>One dated report of a project's disbursement; <paramref name="Project"/> is the project's code (records stored
/// before reports were dated carry the code as their key).</summary>
public sealed record DisbursementFact(string Key, string? Name, decimal Plan, decimal Disbursed, DateOnly Day, string? Project = null)
{
    public string ProjectCode => Project ?? Key;
}

/// <summary>Reads the normalised JSON the importer stores (see docs/feeds.md) into facts.</summary>
public static class RecordFactReader
{
    public static object? Read(string kind, string key, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var d = doc.RootElement;
        return kind switch
        {
            "dossier" => new DossierFact(key, Text(d, "co_quan"), Instant(d, "ngay_nhan"), PastDue(d, "han_tra"), FinishedAt(d, "ngay_tra"),
                Ingest.Identifier.Normalize(Text(d, "ma_thu_tuc") ?? ""), ChannelOf(Text(d, "kenh")), Bool(d, "thu_xin_loi"), Bool(d, "so_hoa_ket_qua"),
                Bool(d, "thanh_toan_truc_tuyen")),
            "procedure" => new ProcedureFact(key, Text(d, "ten_thu_tuc") ?? key, Bool(d, "niem_yet_cong"), Bool(d, "niem_yet_mot_cua"),
                Bool(d, "trong_phan_mem"), Bool(d, "quy_trinh_noi_bo"), Bool(d, "du_dieu_kien_toan_trinh"), Bool(d, "co_phi"),
                d.TryGetProperty("tiep_nhan_mot_cua", out var atDesk) ? atDesk.ValueKind == JsonValueKind.True : null),
            "feedback" => new FeedbackFact(key, Text(d, "co_quan"), Instant(d, "ngay_nhan"), PastDue(d, "han_xu_ly"), FinishedAt(d, "ngay_xu_ly"),
                Number(d, "muc_hai_long")),
            "task" => new TaskFact(key, Text(d, "noi_dung") ?? key, Text(d, "co_quan"), Instant(d, "ngay_giao"), PastDue(d, "han_hoan_thanh"),
                FinishedAt(d, "ngay_hoan_thanh")),
            "report" => Text(d, "han_nop") is { } due
                ? new ReportFact(key, Text(d, "ten_bao_cao") ?? key, Text(d, "co_quan"), Text(d, "ky_bao_cao") ?? "", Day(due),
                    DeadlineRules.Deadline(due).UtcTicks, FinishedAt(d, "ngay_nop"))
                : null,
            "document" => Text(d, "ngay") is { } day
                ? new DocumentFact(key, Text(d, "chieu") == "den", Bool(d, "dien_tu"), Bool(d, "mat"), Day(day))
                : null, // stored before documents carried a date: it belongs to no period
            "disbursement" => Text(d, "ngay") is { } asOf
                ? new DisbursementFact(key, Text(d, "ten_du_an"), Number(d, "ke_hoach_von") ?? 0, Number(d, "da_giai_ngan") ?? 0, Day(asOf), Text(d, "ma_du_an"))
                : null,
            _ => null,
        };
    }

    private static string? Text(JsonElement d, string name) =>
        d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement d, string name) => d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static decimal? Number(JsonElement d, string name) =>
        d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    private static long Instant(JsonElement d, string name) =>
        Text(d, name) is { } t ? DeadlineRules.Moment(t).At.UtcTicks : long.MaxValue;

    private static long PastDue(JsonElement d, string name) =>
        Text(d, name) is { } t ? DeadlineRules.Deadline(t).UtcTicks : long.MaxValue;

    private static long FinishedAt(JsonElement d, string name) =>
        Text(d, name) is { } t ? DeadlineRules.Moment(t).At.UtcTicks : long.MaxValue;

    /// <summary>The local calendar day of a stored date or instant.</summary>
    private static DateOnly Day(string text) =>
        text.Length == 10
            ? DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(VietnamTime.ToLocal(DeadlineRules.Moment(text).At).DateTime);

    private static Channel ChannelOf(string? code) => code switch
    {
        "truc-tuyen-mot-phan" => Channel.OnlinePartial,
        "truc-tuyen-toan-trinh" => Channel.OnlineEndToEnd,
        "buu-chinh" => Channel.Post,
        _ => Channel.InPerson,
    };
}
