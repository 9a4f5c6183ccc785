using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using System.Text.RegularExpressions;

namespace Dashboard.Jobs.Feeds.Records;

/// <summary>
/// Checks each row of an export against its record kind and turns it into a normalised record: dates as ISO
/// (a bare date stays a local calendar date; a date with a time becomes UTC), booleans, amounts, identifiers in their one
/// spelling. Every problem is reported with the row, the field and the reason, in Vietnamese, quoting at most a short
/// excerpt of the value. A row never throws: whatever is wrong with it is a problem of that row.
/// </summary>
public static partial class RecordParser
{
    private static readonly string[] DateOnlyFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];
    private static readonly string[] DateTimeFormats =
        ["dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] MonthFirstDateOnlyFormats = ["MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd"];
    private static readonly string[] MonthFirstDateTimeFormats =
        ["MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] True = ["x", "1", "có", "co", "c", "true", "yes", "y", "đúng", "dung"];
    private static readonly string[] False = ["", "0", "không", "khong", "k", "false", "no", "n", "sai"];
    private static readonly IngestLimits DefaultLimits = new();

    /// <summary>What a record's JSON has always been written with: Vietnamese letters as they are, not as \u escapes.</summary>
    private static readonly JsonWriterOptions RecordJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One writer and buffer per thread, reused row after row: a file's rows are checked one after another by a parse that
    /// never awaits, so nothing else can write into them between a row's first field and its last.
    /// </summary>
    [ThreadStatic] private static RecordWriter? t_writer;

    private sealed class RecordWriter
    {
        public RecordWriter() => Json = new Utf8JsonWriter(Buffer, RecordJson);

        public ArrayBufferWriter<byte> Buffer { get; } = new(512);
        public Utf8JsonWriter Json { get; }

        public Utf8JsonWriter Start()
        {
            Buffer.ResetWrittenCount();
            Json.Reset(Buffer);
            Json.WriteStartObject();
            return Json;
        }

        public string Finish()
        {
            Json.WriteEndObject();
            Json.Flush();
            return Encoding.UTF8.GetString(Buffer.WrittenSpan);
        }
    }

    /// <summary>A row of a file; number cells of a workbook are read as the numbers they are, text cells by <see cref="NumberText"/>.</summary>
    public static (RecordInput? Record, List<RejectedRow> Problems) Parse(RecordKind kind, TabularRow row, string? defaultUnit, UnitDirectory units,
        IngestLimits? limits = null) =>
        Parse(kind, row.Row, row.Get, defaultUnit, units, limits, row.IsNumber);

    /// <param name="rowNumber">The row (file) or item (JSON) number as the sender sees it.</param>
    /// <param name="get">The raw text of a column, or null when absent.</param>
    /// <param name="typedNumber">Whether a column holds a typed number (a number cell, a JSON number) written in invariant
    /// form ("1250000.5", "1.25E+10") rather than text someone typed.</param>
    /// <param name="amountFactor">What an amount column's figures are multiplied by to make đồng (1,000 for a file in nghìn
    /// đồng: <see cref="ColumnMapping"/>); the limits apply to the đồng.</param>
    /// <param name="monthFirst">Whether a date column written as text puts the month first (12/31/2026).</param>
    public static (RecordInput? Record, List<RejectedRow> Problems) Parse(RecordKind kind, int rowNumber, Func<string, string?> get,
        string? defaultUnit, UnitDirectory units, IngestLimits? limits = null, Func<string, bool>? typedNumber = null,
        Func<string, decimal>? amountFactor = null, Func<string, bool>? monthFirst = null)
    {
        limits ??= DefaultLimits;
        var problems = new List<RejectedRow>();
        // The record's JSON is written field by field as each is checked, in the kind's order; a row with a problem is never
        // stored, so what was written for it is simply dropped.
        var writer = t_writer ??= new RecordWriter();
        var data = writer.Start();
        string? key = null;
        List<(string Field, DateTimeOffset At, bool DateOnly, string Text, string Iso)>? dates = null;
        List<(string Field, decimal Value)>? amounts = null;

        // Unit codes are lower-case kebab in the catalog; a row may write them in any case.
        var unit = Clean(get(RecordKinds.UnitColumn)) is { } unitText ? unitText.Normalize(NormalizationForm.FormC).ToLowerInvariant() : defaultUnit;
        if (unit is null) problems.Add(new(rowNumber, RecordKinds.UnitColumn, "Thiếu mã đơn vị (cột ma_don_vi, hoặc chọn đơn vị khi tải lên)."));
        else if (!units.Contains(unit)) problems.Add(new(rowNumber, RecordKinds.UnitColumn, $"Đơn vị '{TextExcerpt.Of(unit)}' không có trong danh mục đơn vị."));

        foreach (var field in kind.Fields)
        {
            var text = Clean(get(field.Name));
            if (text is null)
            {
                if (field.Required && field.Type != FieldType.Bool) problems.Add(new(rowNumber, field.Name, "Thiếu giá trị bắt buộc."));
                else if (field.Type == FieldType.Bool) data.WriteBoolean(field.Name, false);
                else data.WriteNull(field.Name);
                continue;
            }
            if (text.Length > TabularLimits.MaxCellChars)
            {
                // The same limit as a spreadsheet cell, for records that arrive as JSON.
                problems.Add(new(rowNumber, field.Name, $"Giá trị dài {text.Length.ToString("N0", ViNumbers)} ký tự, vượt giới hạn " +
                    $"{TabularLimits.MaxCellChars.ToString("N0", ViNumbers)} ký tự của một ô: '{TextExcerpt.Of(text)}'."));
                continue;
            }
            switch (field.Type)
            {
                case FieldType.Text when kind.IsIdentifier(field):
                    var code = Identifier.Normalize(text);
                    var maxLength = field.Name == kind.KeyField ? kind.MaxCodeLength : RecordKinds.MaxKeyLength;
                    if (code.Length > maxLength)
                        problems.Add(new(rowNumber, field.Name, $"Mã '{TextExcerpt.Of(code)}' dài {code.Length} ký tự, quá {maxLength} ký tự cho phép."));
                    else
                    {
                        data.WriteString(field.Name, code);
                        if (field.Name == kind.KeyField) key = code;
                    }
                    break;
                case FieldType.Text:
                    // Text is kept as written, formulas included: it is data, never evaluated.
                    data.WriteString(field.Name, text);
                    break;
                case FieldType.Bool:
                    // Most cells are already one of the words ("x"): no lower-case copy for them.
                    var lower = True.Contains(text) || False.Contains(text) ? text : text.ToLowerInvariant();
                    if (True.Contains(lower)) data.WriteBoolean(field.Name, true);
                    else if (False.Contains(lower)) data.WriteBoolean(field.Name, false);
                    else problems.Add(new(rowNumber, field.Name, $"'{TextExcerpt.Of(text)}' không phải giá trị có/không (dùng x, có, không, 1, 0)."));
                    break;
                case FieldType.Amount or FieldType.Percent:
                    var (number, numberError) = Number(text, typedNumber?.Invoke(field.Name) == true);
                    if (numberError is null && field.Type == FieldType.Amount && amountFactor?.Invoke(field.Name) is { } factor and not 1m)
                    {
                        // Checked: 10^28 thousand đồng would overflow the decimal, and is refused below as too large anyway.
                        try
                        {
                            number *= factor;
                        }
                        catch (OverflowException)
                        {
                            number = decimal.MaxValue;
                        }
                    }
                    if (numberError is not null) problems.Add(new(rowNumber, field.Name, numberError));
                    else if (number < 0) problems.Add(new(rowNumber, field.Name, $"Giá trị {NumberText.Format(number)} không được âm."));
                    else if (field.Type == FieldType.Percent && number > 100) problems.Add(new(rowNumber, field.Name, $"Tỷ lệ {NumberText.Format(number)} vượt quá 100."));
                    else if (field.Type == FieldType.Amount && number > limits.MaxVnd)
                        problems.Add(new(rowNumber, field.Name, $"Số tiền {NumberText.Format(number)} đồng vượt mức tối đa hợp lý {NumberText.Format(limits.MaxVnd)} đồng."));
                    else
                    {
                        data.WriteNumber(field.Name, number);
                        (amounts ??= []).Add((field.Name, number));
                    }
                    break;
                case FieldType.Choice:
                    // Most cells are already the code ("truc-tiep"): no copies for them.
                    var choice = field.Choices!.Contains(text) ? text : text.ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
                    // One-stop exports write the choice as shown ("Trực tuyến toàn trình"): without marks it is the code.
                    if (!field.Choices!.Contains(choice)) choice = TabularHeader.LooseKey(text).Replace('_', '-');
                    if (field.Choices!.Contains(choice)) data.WriteString(field.Name, choice);
                    else problems.Add(new(rowNumber, field.Name, $"'{TextExcerpt.Of(text)}' không thuộc các giá trị cho phép: {string.Join(", ", field.Choices!)}."));
                    break;
                case FieldType.Period:
                    if (!ReportingPeriod.TryParse(text, out var period, out var periodError)) problems.Add(new(rowNumber, field.Name, periodError!));
                    else if (!limits.Contains(period.Start) || !limits.Contains(period.End.AddDays(-1)))
                        problems.Add(new(rowNumber, field.Name, $"Kỳ báo cáo '{period.Key}' nằm ngoài khoảng cho phép ({limits.DateRangeText})."));
                    else data.WriteString(field.Name, period.Key);
                    break;
                case FieldType.Date:
                    if (TryDate(text, limits, monthFirst?.Invoke(field.Name) == true, out var iso, out var instant) is { } dateError) problems.Add(new(rowNumber, field.Name, dateError));
                    else
                    {
                        data.WriteString(field.Name, iso);
                        (dates ??= []).Add((field.Name, instant, iso.Length == 10, text, iso));
                    }
                    break;
            }
        }

        foreach (var (earlier, later) in kind.Order)
        {
            if (Find(dates, earlier) is not { } a || Find(dates, later) is not { } b) continue;
            // A bare date is a whole local day: a due date equal to the day of receipt is fine.
            var before = a.DateOnly || b.DateOnly
                ? LocalDay(b.At) < LocalDay(a.At)
                : b.At < a.At;
            if (before) problems.Add(new(rowNumber, later, $"{later} ({b.Text}) trước {earlier} ({a.Text})."));
        }

        foreach (var (amount, cap) in kind.Caps ?? [])
        {
            if (Find(amounts, amount) is { } value && Find(amounts, cap) is { } limit && value > limit)
                problems.Add(new(rowNumber, amount, $"{amount} ({NumberText.Format(value)}) lớn hơn {cap} ({NumberText.Format(limit)}): " +
                    "không thể vượt quá, hãy kiểm tra lại số liệu (dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân)."));
        }

        if (problems.Count > 0 || unit is null) return (null, problems);
        // Without a problem every field was written, the key among them.
        if (kind.KeyDateField is { } dateField && Find(dates, dateField) is { } keyDate)
            key = $"{key}@{(keyDate.DateOnly ? keyDate.Iso : LocalDay(keyDate.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}";
        return (new RecordInput(unit, kind.Code, key!, writer.Finish()), problems);
    }

    // A row has at most a few dates and amounts: a list searched by name costs less than a dictionary per row.
    private static (string Field, DateTimeOffset At, bool DateOnly, string Text, string Iso)? Find(
        List<(string Field, DateTimeOffset At, bool DateOnly, string Text, string Iso)>? dates, string field)
    {
        if (dates is not null)
            foreach (var date in dates) if (date.Field == field) return date;
        return null;
    }

    private static decimal? Find(List<(string Field, decimal Value)>? amounts, string field)
    {
        if (amounts is not null)
            foreach (var amount in amounts) if (amount.Field == field) return amount.Value;
        return null;
    }

    private static readonly CultureInfo ViNumbers = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>A typed number is read as the number it is; text by the one Vietnamese-first rule.</summary>
    private static (decimal Value, string? Error) Number(string text, bool typed)
    {
        if (typed)
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var typedValue)
                ? (typedValue, null)
                : (0, $"'{TextExcerpt.Of(text)}' không phải là số dùng được (quá lớn hoặc không đúng dạng).");
        return NumberText.TryParse(text, out var value, out var error) ? (value, null) : (0, error);
    }

    private static DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(VietnamTime.ToLocal(at).DateTime);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// A bare date stays a local calendar date ("2026-11-27"); a date with a time is Vietnamese local time, stored as UTC.
    /// Returns why the text is not a date in the allowed range, or null. The range is checked before any instant is built,
    /// so year 1 or 9999 is a row error, never an exception.
    /// </summary>
    private static string? TryDate(string text, IngestLimits limits, bool monthFirst, out string iso, out DateTimeOffset instant)
    {
        iso = "";
        instant = default;
        DateTime local;
        var dateOnly = false;
        if (TryCommonDate(text, monthFirst, out var common, out var commonDateOnly))
        {
            local = common;
            dateOnly = commonDateOnly;
        }
        else if (DateTime.TryParseExact(text, monthFirst ? MonthFirstDateOnlyFormats : DateOnlyFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            local = day;
            dateOnly = true;
        }
        else if (DateTime.TryParseExact(text, monthFirst ? MonthFirstDateTimeFormats : DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            local = at;
        }
        else if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            if (withOffset.UtcDateTime.Year < IngestLimits.Floor.Year || withOffset.UtcDateTime.Year > IngestLimits.Ceiling.Year)
                return OutOfRange(text, limits);
            local = VietnamTime.ToLocal(withOffset).DateTime;
            if (!limits.Contains(DateOnly.FromDateTime(local))) return OutOfRange(text, limits);
            instant = withOffset;
            iso = StoredDates.Instant(instant.UtcDateTime);
            return null;
        }
        else
        {
            // "0001-01-01T00:00:00+07:00" has no UTC instant at all: say what is wrong with it, not just "not a date".
            return YearOf(text) is { } year && (year < limits.EarliestDate.Year || year > limits.LatestDate.Year)
                ? OutOfRange(text, limits)
                : monthFirst
                    ? $"'{TextExcerpt.Of(text)}' không phải ngày hợp lệ theo thứ tự tháng/ngày/năm đã chọn khi ghép cột (MM/dd/yyyy, MM/dd/yyyy HH:mm hoặc yyyy-MM-dd)."
                    : $"'{TextExcerpt.Of(text)}' không phải ngày hợp lệ (dd/MM/yyyy, dd/MM/yyyy HH:mm hoặc yyyy-MM-dd).";
        }

        if (!limits.Contains(DateOnly.FromDateTime(local))) return OutOfRange(text, limits);
        instant = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
        iso = dateOnly ? StoredDates.Day(local) : StoredDates.Instant(instant.UtcDateTime);
        return null;
    }

    /// <summary>
    /// The shapes nearly every export writes (27/11/2026, 7/1/2026 8:30, 27/11/2026 08:30:15, 2026-11-27, 2026-11-27T08:30),
    /// read digit by digit: trying the formats above one after another is most of a row's check. Only a real date in exactly
    /// one of those formats' shapes is read here; anything else (another shape, 31/02, hour 24) goes to the formats, which
    /// decide and word the error as before.
    /// </summary>
    private static bool TryCommonDate(ReadOnlySpan<char> text, bool monthFirst, out DateTime local, out bool dateOnly)
    {
        local = default;
        dateOnly = false;
        int year, month, day, rest;
        var isoDate = text.Length >= 10 && text[4] == '-' && text[7] == '-';
        if (isoDate)
        {
            // yyyy-MM-dd, whatever the column's order: the formats of both orders have it.
            if (!Digits(text, 0, 4, out year) || !Digits(text, 5, 2, out month) || !Digits(text, 8, 2, out day)) return false;
            rest = 10;
            if (rest < text.Length && text[rest] is not (' ' or 'T')) return false;
        }
        else
        {
            // d/M/yyyy and dd/MM/yyyy (M/d/yyyy and MM/dd/yyyy for a month-first column): one or two digits each.
            var first = DigitRun(text, 0);
            if (first is < 1 or > 2 || first >= text.Length || text[first] != '/') return false;
            var second = DigitRun(text, first + 1);
            if (second is < 1 or > 2 || first + 1 + second >= text.Length || text[first + 1 + second] != '/') return false;
            var yearAt = first + second + 2;
            if (!Digits(text, yearAt, 4, out year) || DigitRun(text, yearAt) != 4) return false;
            Digits(text, 0, first, out var a);
            Digits(text, first + 1, second, out var b);
            (day, month) = monthFirst ? (b, a) : (a, b);
            rest = yearAt + 4;
            // These formats separate the time by a space only.
            if (rest < text.Length && text[rest] != ' ') return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (rest == text.Length)
        {
            local = new DateTime(year, month, day);
            dateOnly = true;
            return true;
        }

        // HH:mm or HH:mm:ss; after d/M/yyyy the hour may have one digit (H:mm), after yyyy-MM-dd it has two.
        var time = text[(rest + 1)..];
        var hourDigits = DigitRun(time, 0);
        if (hourDigits is < 1 or > 2 || (isoDate && hourDigits != 2)) return false;
        Digits(time, 0, hourDigits, out var hour);
        var minuteAt = hourDigits + 1;
        if (time.Length < minuteAt + 2 || time[hourDigits] != ':' || !Digits(time, minuteAt, 2, out var minute)) return false;
        var seconds = 0;
        if (time.Length == minuteAt + 5)
        {
            if (time[minuteAt + 2] != ':' || !Digits(time, minuteAt + 3, 2, out seconds)) return false;
        }
        else if (time.Length != minuteAt + 2) return false;
        if (hour > 23 || minute > 59 || seconds > 59) return false;
        local = new DateTime(year, month, day, hour, minute, seconds);
        return true;
    }

    /// <summary>How many ASCII digits start at <paramref name="at"/> (the formats read only those).</summary>
    private static int DigitRun(ReadOnlySpan<char> text, int at)
    {
        var n = 0;
        while (at + n < text.Length && char.IsAsciiDigit(text[at + n])) n++;
        return n;
    }

    private static bool Digits(ReadOnlySpan<char> text, int at, int count, out int value)
    {
        value = 0;
        if (at + count > text.Length) return false;
        foreach (var c in text.Slice(at, count))
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static string OutOfRange(string text, IngestLimits limits) =>
        $"Ngày '{TextExcerpt.Of(text)}' nằm ngoài khoảng cho phép ({limits.DateRangeText}).";

    /// <summary>The four-digit year of text shaped like 2026-11-27… or 27/11/2026…, even when it is no real date.</summary>
    private static int? YearOf(string text)
    {
        var m = YearPattern().Match(text);
        if (!m.Success) return null;
        var year = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
        return int.Parse(year, CultureInfo.InvariantCulture);
    }

    // ASCII digits only, as the formats read them: \d also matches other scripts' digits, which int.Parse refuses.
    [GeneratedRegex(@"^(?:(?<a>[0-9]{4})-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/(?<b>[0-9]{4}))(?:[ T].*)?$")]
    private static partial Regex YearPattern();
}
