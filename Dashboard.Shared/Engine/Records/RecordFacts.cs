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
    // The fields each kind's fact is made of: only these are looked for in a record's JSON (see StoredFields).
    private static readonly StoredFields.Names DossierFields = new("co_quan", "ngay_nhan", "han_tra", "ngay_tra", "ma_thu_tuc", "kenh",
        "thu_xin_loi", "so_hoa_ket_qua", "thanh_toan_truc_tuyen");
    private static readonly StoredFields.Names ProcedureFields = new("ten_thu_tuc", "niem_yet_cong", "niem_yet_mot_cua", "trong_phan_mem",
        "quy_trinh_noi_bo", "du_dieu_kien_toan_trinh", "co_phi", "tiep_nhan_mot_cua");
    private static readonly StoredFields.Names FeedbackFields = new("co_quan", "ngay_nhan", "han_xu_ly", "ngay_xu_ly", "muc_hai_long");
    private static readonly StoredFields.Names TaskFields = new("noi_dung", "co_quan", "ngay_giao", "han_hoan_thanh", "ngay_hoan_thanh");
    private static readonly StoredFields.Names ReportFields = new("han_nop", "ten_bao_cao", "co_quan", "ky_bao_cao", "ngay_nop");
    private static readonly StoredFields.Names DocumentFields = new("ngay", "chieu", "dien_tu", "mat");
    private static readonly StoredFields.Names DisbursementFields = new("ngay", "ten_du_an", "ke_hoach_von", "da_giai_ngan", "ma_du_an");
    private static readonly StoredFields.Names NoFields = new();

    public static object? Read(string kind, string key, string json)
    {
        var d = StoredFields.Read(json, kind switch
        {
            "dossier" => DossierFields,
            "procedure" => ProcedureFields,
            "feedback" => FeedbackFields,
            "task" => TaskFields,
            "report" => ReportFields,
            "document" => DocumentFields,
            "disbursement" => DisbursementFields,
            _ => NoFields,
        });
        return kind switch
        {
            "dossier" => new DossierFact(key, Text(d, "co_quan"), Instant(d, "ngay_nhan"), PastDue(d, "han_tra"), FinishedAt(d, "ngay_tra"),
                Ingest.Identifier.Normalize(Text(d, "ma_thu_tuc") ?? ""), ChannelOf(Text(d, "kenh")), Bool(d, "thu_xin_loi"), Bool(d, "so_hoa_ket_qua"),
                Bool(d, "thanh_toan_truc_tuyen")),
            "procedure" => new ProcedureFact(key, Text(d, "ten_thu_tuc") ?? key, Bool(d, "niem_yet_cong"), Bool(d, "niem_yet_mot_cua"),
                Bool(d, "trong_phan_mem"), Bool(d, "quy_trinh_noi_bo"), Bool(d, "du_dieu_kien_toan_trinh"), Bool(d, "co_phi"),
                d.Has("tiep_nhan_mot_cua") ? Bool(d, "tiep_nhan_mot_cua") : null),
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

    private static string? Text(StoredFields d, string name) => d[name] is { Type: JsonTokenType.String } v ? v.Text : null;

    private static bool Bool(StoredFields d, string name) => d[name].Type == JsonTokenType.True;

    /// <summary>A JSON number as a decimal; one no decimal holds throws, as JsonElement.GetDecimal does (the record cannot be read).</summary>
    private static decimal? Number(StoredFields d, string name) =>
        d[name] is { Type: JsonTokenType.Number } v ? v.Number ?? throw new FormatException($"'{name}' is a number no decimal holds.") : null;

    private static long Instant(StoredFields d, string name) =>
        Text(d, name) is { } t ? DeadlineRules.Moment(t).At.UtcTicks : long.MaxValue;

    private static long PastDue(StoredFields d, string name) =>
        Text(d, name) is { } t ? DeadlineRules.Deadline(t).UtcTicks : long.MaxValue;

    private static long FinishedAt(StoredFields d, string name) =>
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

/// <summary>
/// The top-level fields a fact is made of, found in one pass of <see cref="Utf8JsonReader"/> over a stored record rather
/// than by building a JsonDocument for it: the cache reads every stored record, at start-up and after each import. Read as
/// JsonDocument would: the text must be exactly one JSON object (anything else throws), fields not asked for are skipped,
/// and of a field written twice the last counts, as with JsonElement.TryGetProperty.
/// </summary>
internal readonly struct StoredFields
{
    // As JsonDocument.Parse(string) transcodes: text that is not valid UTF-16 (a lone surrogate) throws.
    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The fields to look for, with their UTF-8 spelling to compare names without making strings of them.</summary>
    public sealed class Names
    {
        public Names(params string[] names)
        {
            All = names;
            Utf8 = [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
        }

        public string[] All { get; }
        public byte[][] Utf8 { get; }
    }

    /// <summary>A field's value: its token, the text of a string, the decimal of a number (null when no decimal holds it).</summary>
    public readonly record struct Value(JsonTokenType Type, string? Text, decimal? Number);

    private readonly Names _names;
    private readonly Value[] _values;

    private StoredFields(Names names, Value[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>A field asked for (<see cref="JsonTokenType.None"/> when the record does not have it).</summary>
    public Value this[string name] => _values[Array.IndexOf(_names.All, name) is >= 0 and var i ? i
        : throw new ArgumentException($"'{name}' is not among the fields read for this kind.", nameof(name))];

    public bool Has(string name) => this[name].Type != JsonTokenType.None;

    public static StoredFields Read(string json, Names names)
    {
        var values = new Value[names.All.Length];
        // A stored record is a few hundred bytes: on the stack, and a rented buffer for the odd long one.
        var size = Utf8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var reader = new Utf8JsonReader(buffer[..Utf8.GetBytes(json, buffer)]);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // As JsonElement.TryGetProperty throws on anything but an object; with nothing to look for it need only be JSON.
                if (names.All.Length > 0) throw new InvalidOperationException("A stored record is one JSON object.");
                reader.Skip();
            }
            else while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = -1;
                for (var i = 0; i < names.Utf8.Length && index < 0; i++)
                    if (reader.ValueTextEquals(names.Utf8[i])) index = i;
                reader.Read();
                var type = reader.TokenType;
                if (index >= 0)
                    values[index] = new Value(type is JsonTokenType.StartObject or JsonTokenType.StartArray ? JsonTokenType.StartObject : type,
                        type == JsonTokenType.String ? reader.GetString() : null,
                        type == JsonTokenType.Number && reader.TryGetDecimal(out var number) ? number : null);
                reader.Skip();
            }
            // Whatever follows the object (but blank space) is an error, as for JsonDocument.
            while (reader.Read()) { }
            return new StoredFields(names, values);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
