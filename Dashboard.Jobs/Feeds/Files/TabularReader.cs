namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// Reads the CSV and XLSX files that the one-stop (một cửa) software and LRIS export into a header and rows of
/// text cells, each row numbered as the user sees it in the spreadsheet, so later checks can say
/// "tệp X, dòng N, cột 'ngay_hen': …". Whole-file problems throw <see cref="TabularFileException"/> and return
/// nothing; a row that cannot be read is reported in <see cref="TabularResult.Errors"/> and the others are kept.
/// </summary>
public static class TabularReader
{
    private static readonly DateTime Epoch1900 = new(1899, 12, 31);
    private static readonly DateTime Epoch1900AfterLeapBug = new(1899, 12, 30);
    private static readonly DateTime Epoch1904 = new(1904, 1, 1);

    /// <summary>
    /// Reads by the extension of <paramref name="fileName"/>: .csv, .txt and .tsv as CSV; .xlsx, .xlsm and .xls
    /// as a workbook (a real Excel 97–2003 .xls is refused with a message on how to re-save it).
    /// </summary>
    /// <param name="sheetName">Worksheet to read; by default the first visible one. Ignored for CSV.</param>
    /// <param name="isHeader">Recognises the header row: rows above it (a report's merged title rows) are skipped, and a
    /// workbook is read from the first visible sheet holding one. Without it, or when no row within the first 20 is
    /// recognised, the first non-blank row is the header.</param>
    /// <exception cref="TabularFileException">The file cannot be used at all.</exception>
    public static TabularResult Read(Stream stream, string fileName, TabularLimits? limits = null, string? sheetName = null,
        Func<IReadOnlyList<string>, bool>? isHeader = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" or ".txt" or ".tsv" => CsvTableReader.Read(stream, fileName, limits ?? TabularLimits.Default, isHeader),
            ".xlsx" or ".xlsm" or ".xls" => XlsxTableReader.Read(stream, fileName, limits ?? TabularLimits.Default, sheetName, isHeader),
            _ => throw TabularMessages.UnsupportedExtension(fileName),
        };
    }

    /// <summary>
    /// For streams that may only be read asynchronously (request bodies, Blazor's IBrowserFile): copies at most
    /// MaxBytes into memory, then reads as <see cref="Read"/> does.
    /// </summary>
    public static async Task<TabularResult> ReadAsync(Stream stream, string fileName, TabularLimits? limits = null,
        string? sheetName = null, CancellationToken ct = default, Func<IReadOnlyList<string>, bool>? isHeader = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        limits ??= TabularLimits.Default;
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxBytes)
            throw TabularMessages.TooLarge(fileName, limits, stream.Length - stream.Position);
        using var copy = new MemoryStream();
        var buffer = new byte[81_920];
        while (true)
        {
            var room = Room(buffer.Length, limits, copy.Length);
            var n = await stream.ReadAsync(buffer.AsMemory(0, room), ct);
            if (n == 0) break;
            copy.Write(buffer, 0, n);
            if (copy.Length > limits.MaxBytes) throw TabularMessages.TooLarge(fileName, limits, null);
        }
        copy.Position = 0;
        return Read(copy, fileName, limits, sheetName, isHeader);
    }

    /// <summary>How much to ask the stream for so that, in total, no more than MaxBytes + 1 bytes are ever read.</summary>
    internal static int Room(int bufferLength, TabularLimits limits, long readSoFar)
    {
        // Written without MaxBytes + 1, which overflows for long.MaxValue.
        var left = limits.MaxBytes - readSoFar;
        return left >= bufferLength ? bufferLength : (int)left + 1;
    }

    /// <summary>
    /// CSV per RFC 4180 with ',' ';' or tab as delimiter (chosen from the header line, or from Excel's "sep=" line).
    /// UTF-8 with or without BOM, or UTF-16/UTF-32 with BOM; anything else is refused rather than guessed.
    /// </summary>
    public static TabularResult ReadCsv(Stream stream, string fileName, TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        return CsvTableReader.Read(stream, fileName, limits ?? TabularLimits.Default);
    }

    /// <summary>
    /// The first visible worksheet, or <paramref name="sheetName"/> (matched case-insensitively). Text comes from
    /// shared or inline strings, numbers as stored ("12.5"), booleans as TRUE/FALSE, error cells as shown ("#N/A").
    /// Numbers in a date or time format become "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss" or, for a time of day, "HH:mm:ss".
    /// A formula cell gives its cached result, or "=" and the formula when the file holds none.
    /// </summary>
    public static TabularResult ReadXlsx(Stream stream, string fileName, TabularLimits? limits = null, string? sheetName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        return XlsxTableReader.Read(stream, fileName, limits ?? TabularLimits.Default, sheetName);
    }

    /// <summary>
    /// Date of an Excel serial day number in the 1900 date system. Excel counts the non-existent 29 February 1900
    /// (serial 60, kept for Lotus 1-2-3 compatibility), so serials before it are one day later than a plain count
    /// from 30 December 1899; serial 60 itself has no date and is refused. The fraction is the time of day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, not a number, serial 60, or after year 9999.</exception>
    public static DateTime ExcelSerialToDate(double serial) => ExcelSerialToDate(serial, date1904: false);

    /// <summary>As <see cref="ExcelSerialToDate(double)"/>; <paramref name="date1904"/> is the Mac date system (day 0 = 1 January 1904).</summary>
    public static DateTime ExcelSerialToDate(double serial, bool date1904) =>
        TryExcelSerialToDate(serial, date1904, out var date)
            ? date
            : throw new ArgumentOutOfRangeException(nameof(serial), serial, "Not a date in Excel's date system.");

    internal static bool TryExcelSerialToDate(double serial, bool date1904, out DateTime date)
    {
        date = default;
        if (!double.IsFinite(serial) || serial < 0) return false;
        if (!date1904 && serial is >= 60 and < 61) return false;
        var epoch = date1904 ? Epoch1904 : serial < 60 ? Epoch1900 : Epoch1900AfterLeapBug;
        // Whole milliseconds: the double holds a day fraction, and 0.1 ms of float noise should not show as a time.
        var ticks = Math.Round(serial * 86_400_000d) * TimeSpan.TicksPerMillisecond;
        if (ticks > DateTime.MaxValue.Ticks - epoch.Ticks) return false;
        date = epoch.AddTicks((long)ticks);
        return true;
    }

    /// <summary>
    /// True when a spreadsheet program would take the text for a formula: it starts with '=', '+', '-' or '@' (or a
    /// tab or carriage return, which some strip first). The reader never evaluates anything, but a value such as
    /// <c>=HYPERLINK("http://…","Xem")</c> copied from an uploaded file into an export would run in the Excel of
    /// whoever opens the export (CSV/formula injection). Export code writes such text cells through
    /// <see cref="NeutraliseFormula"/>; numbers are written as numbers and need nothing.
    /// </summary>
    public static bool IsFormulaLike(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Prefixes formula-like text with a single quote, which Excel shows as text and does not display.</summary>
    public static string NeutraliseFormula(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsFormulaLike(text) ? "'" + text : text;
    }
}
