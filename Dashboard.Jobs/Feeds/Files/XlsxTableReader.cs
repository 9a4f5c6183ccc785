using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// Reads the first visible worksheet (or a named one) of an XLSX workbook straight from its zip parts. Values are
/// taken as Excel stored them; nothing is ever calculated.
/// </summary>
internal static partial class XlsxTableReader
{
    /// <summary>Excel's last column, XFD.</summary>
    private const int MaxColumns = 16_384;

    /// <summary>A small workbook may always unpack to this much, whatever its ratio: styles and themes alone are tens of KB.</summary>
    private const long MinUnpackedBudget = 1024 * 1024;

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        // Workbooks never need a DTD; refusing it closes the door to entity expansion and external entities.
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static TabularResult Read(Stream stream, string fileName, TabularLimits limits, string? sheetName,
        Func<IReadOnlyList<string>, bool>? isHeader = null)
    {
        // The zip directory sits at the end of the file, so the archive needs a seekable stream that starts at the file.
        using var copy = stream.CanSeek && stream.Position == 0 ? null : CopyLimited(stream, fileName, limits);
        var source = copy ?? stream;
        if (source.Length > limits.MaxBytes) throw TabularMessages.TooLarge(fileName, limits, source.Length);
        Sniff(source, fileName);

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw TabularMessages.NotXlsx(fileName);
        }
        using (zip)
            return new Workbook(zip, fileName, limits, source.Length, isHeader).Read(sheetName);
    }

    private static MemoryStream CopyLimited(Stream stream, string fileName, TabularLimits limits)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81_920];
        while (true)
        {
            var room = TabularReader.Room(buffer.Length, limits, copy.Length);
            var n = stream.Read(buffer, 0, room);
            if (n == 0) break;
            copy.Write(buffer, 0, n);
            if (copy.Length > limits.MaxBytes) throw TabularMessages.TooLarge(fileName, limits, null);
        }
        copy.Position = 0;
        return copy;
    }

    private static void Sniff(Stream source, string fileName)
    {
        Span<byte> signature = stackalloc byte[4];
        var n = source.ReadAtLeast(signature, 4, throwOnEndOfStream: false);
        source.Position = 0;
        if (n == 4 && signature is [0xD0, 0xCF, 0x11, 0xE0]) throw TabularMessages.OldExcel(fileName);
        if (n < 4 || signature is not [0x50, 0x4B, 0x03, 0x04]) throw TabularMessages.NotXlsx(fileName);
    }

    private enum NumberKind : byte { Plain, Date, Time }

    private sealed record Relationship(string Id, string Type, string Target);

    private sealed record Sheet(string Name, bool Hidden, string? Path, bool IsWorksheet);

    private sealed class Workbook(ZipArchive zip, string fileName, TabularLimits limits, long fileBytes, Func<IReadOnlyList<string>, bool>? isHeader)
    {
        private readonly Dictionary<string, ZipArchiveEntry> parts = Index(zip);

        /// <summary>
        /// How much the whole workbook may unpack to: worksheet XML compresses about 5–20 times, so far beyond the ratio
        /// (or the absolute cap) is a zip bomb or a sheet no commune exports. Counted over every part read, not per part.
        /// </summary>
        private readonly long budget = Math.Min(limits.MaxUnpackedBytes,
            Math.Max(MinUnpackedBudget, fileBytes > long.MaxValue / limits.MaxUnpackedRatio ? long.MaxValue : fileBytes * limits.MaxUnpackedRatio));

        private long unpacked;
        private string part = "";

        public TabularResult Read(string? sheetName)
        {
            // The zip's directory states each part's size: a bomb that says what it is costs nothing to refuse.
            // A part that lies about its size is still counted as it is inflated, below.
            long declared = 0;
            foreach (var entry in parts.Values)
            {
                declared += Math.Max(0, entry.Length);
                if (declared > budget || declared < 0) throw TabularMessages.Unpacked(fileName, budget, fileBytes);
            }
            try
            {
                var workbookPath = Relationships("").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal))?.Target
                    ?? "xl/workbook.xml";
                // Any zip (a .docx, a folder of photos) can be named .xlsx; without a workbook it is not a spreadsheet.
                if (!parts.ContainsKey(workbookPath)) throw TabularMessages.NotXlsx(fileName);
                var rels = Relationships(workbookPath);
                var (sheets, date1904) = ReadWorkbook(workbookPath, rels);
                var sheet = Choose(sheets, sheetName);
                var folder = Folder(workbookPath);
                var shared = ReadSharedStrings(Target(rels, "/sharedStrings", folder + "sharedStrings.xml"));
                var styles = ReadStyles(Target(rels, "/styles", folder + "styles.xml"));
                var first = ReadSheet(sheet, shared, styles, date1904);
                if (sheetName is not null || isHeader is null || first.HeaderRecognised) return first;
                // A cover or instructions sheet may come first: the table is on the first visible sheet whose header is recognised.
                foreach (var other in sheets.Where(s => s.IsWorksheet && s.Path is not null && !s.Hidden && s != sheet))
                {
                    try
                    {
                        if (ReadSheet(other, shared, styles, date1904) is { HeaderRecognised: true } found) return found;
                    }
                    catch (TabularFileException)
                    {
                        // An empty or unreadable other sheet is not the table; the first one's result stands.
                    }
                }
                return first;
            }
            catch (XmlException)
            {
                throw TabularMessages.CorruptXlsx(fileName, part);
            }
            catch (InvalidDataException)
            {
                throw TabularMessages.CorruptXlsx(fileName, part);
            }
        }

        private static Dictionary<string, ZipArchiveEntry> Index(ZipArchive zip)
        {
            // Part names in a package are case-insensitive, and some writers use backslashes.
            var index = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
                index.TryAdd(entry.FullName.Replace('\\', '/').TrimStart('/'), entry);
            return index;
        }

        private List<Relationship> Relationships(string partPath)
        {
            var relsPath = partPath.Length == 0 ? "_rels/.rels" : Folder(partPath) + "_rels/" + partPath[(partPath.LastIndexOf('/') + 1)..] + ".rels";
            if (!parts.ContainsKey(relsPath)) return [];
            var list = new List<Relationship>();
            foreach (var el in LoadXml(relsPath).Root?.Elements() ?? [])
            {
                if (el.Name.LocalName != "Relationship" || (string?)el.Attribute("TargetMode") == "External") continue;
                if ((string?)el.Attribute("Target") is not { } target) continue;
                list.Add(new Relationship((string?)el.Attribute("Id") ?? "", (string?)el.Attribute("Type") ?? "",
                    Resolve(Folder(partPath), target)));
            }
            return list;
        }

        private string? Target(List<Relationship> rels, string typeSuffix, string fallback) =>
            rels.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal))?.Target
            ?? (parts.ContainsKey(fallback) ? fallback : null);

        private (List<Sheet> Sheets, bool Date1904) ReadWorkbook(string workbookPath, List<Relationship> rels)
        {
            var root = LoadXml(workbookPath).Root;
            var properties = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "workbookPr");
            var date1904 = (string?)properties?.Attribute("date1904") is "1" or "true";
            var sheets = new List<Sheet>();
            var sheetsElement = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "sheets");
            foreach (var el in sheetsElement?.Elements() ?? [])
            {
                if (el.Name.LocalName != "sheet") continue;
                // r:id lives in the relationships namespace, whose URI differs between transitional and strict files.
                var id = el.Attributes().FirstOrDefault(a => a.Name.LocalName == "id" && a.Name.NamespaceName.Length > 0)?.Value;
                var rel = rels.FirstOrDefault(r => r.Id == id);
                sheets.Add(new Sheet((string?)el.Attribute("name") ?? "", (string?)el.Attribute("state") is "hidden" or "veryHidden",
                    rel?.Target, rel?.Type.EndsWith("/worksheet", StringComparison.Ordinal) == true));
            }
            return (sheets, date1904);
        }

        private Sheet Choose(List<Sheet> sheets, string? sheetName)
        {
            if (sheetName is not null)
            {
                var named = sheets.FirstOrDefault(s => string.Equals(s.Name.Trim(), sheetName.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? throw new TabularFileException(fileName, $"không có trang tính (sheet) tên '{sheetName}'. " +
                        $"Các trang tính trong tệp: {string.Join(", ", sheets.Select(s => $"'{s.Name}'"))}.");
                if (!named.IsWorksheet || named.Path is null)
                    throw new TabularFileException(fileName, $"trang tính '{named.Name}' không chứa bảng dữ liệu (có thể là biểu đồ).");
                return named;
            }
            // Exports often keep lookup lists on hidden sheets; the user means the first sheet they can see.
            var worksheets = sheets.Where(s => s.IsWorksheet && s.Path is not null).ToList();
            return worksheets.FirstOrDefault(s => !s.Hidden) ?? worksheets.FirstOrDefault()
                ?? throw new TabularFileException(fileName, "bảng tính không có trang tính (sheet) nào chứa dữ liệu.");
        }

        private List<string> ReadSharedStrings(string? path)
        {
            var strings = new List<string>();
            if (path is null) return strings;
            using var r = OpenXml(path);
            r.MoveToContent();
            while (!r.EOF)
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "si")
                {
                    strings.Add(ReadRichText(r));
                    continue;
                }
                r.Read();
            }
            return strings;
        }

        private NumberKind[] ReadStyles(string? path)
        {
            if (path is null) return [];
            var root = LoadXml(path).Root;
            if (root is null) return [];
            var custom = new Dictionary<int, string>();
            foreach (var el in root.Elements().Where(e => e.Name.LocalName == "numFmts").Elements())
                if (ParseInt((string?)el.Attribute("numFmtId")) is { } id)
                    custom[id] = (string?)el.Attribute("formatCode") ?? "";
            var cellXfs = root.Elements().FirstOrDefault(e => e.Name.LocalName == "cellXfs");
            return cellXfs is null
                ? []
                : [.. cellXfs.Elements().Where(e => e.Name.LocalName == "xf")
                    .Select(xf => Classify(ParseInt((string?)xf.Attribute("numFmtId")) ?? 0, custom))];
        }

        private TabularResult ReadSheet(Sheet sheet, List<string> shared, NumberKind[] styles, bool date1904)
        {
            if (!parts.ContainsKey(sheet.Path!)) throw TabularMessages.CorruptXlsx(fileName, sheet.Path!);
            var builder = new TableBuilder(fileName, limits, csvDelimiter: null, isHeader);
            var cells = new List<string>();
            var numbers = new List<bool>();
            var lastRow = 0;
            using var r = OpenXml(sheet.Path!);
            r.MoveToContent();
            while (!r.EOF)
            {
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "row")
                {
                    // The r attribute is the row number Excel shows; rows Excel left out simply do not appear.
                    var row = ParseInt(r.GetAttribute("r")) is int n and > 0 ? n : lastRow + 1;
                    lastRow = row;
                    var error = ReadRow(r, row, cells, numbers, shared, styles, date1904);
                    builder.Add(row, cells, error, numbers);
                    continue;
                }
                r.Read();
            }
            return builder.Build(sheet.Name);
        }

        /// <returns>Why the row cannot be used (a cell longer than Excel allows), or null.</returns>
        private static string? ReadRow(XmlReader r, int row, List<string> cells, List<bool> numbers, List<string> shared, NumberKind[] styles,
            bool date1904)
        {
            cells.Clear();
            numbers.Clear();
            string? error = null;
            if (r.IsEmptyElement)
            {
                r.Read();
                return null;
            }
            var depth = r.Depth;
            var lastColumn = -1;
            r.Read();
            while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.EOF) throw new XmlException("Unexpected end of row.");
                if (r.NodeType == XmlNodeType.Element && r.LocalName == "c")
                {
                    var column = ColumnOf(r.GetAttribute("r")) ?? lastColumn + 1;
                    if (column >= MaxColumns) throw new XmlException("Cell beyond column XFD.");
                    lastColumn = column;
                    var (text, number) = ReadCell(r, shared, styles, date1904);
                    if (text.Length > TabularLimits.MaxCellChars)
                    {
                        // Excel itself cannot hold such a cell: whatever wrote it, the row is not an export to trust.
                        error ??= $"ô {TabularHeader.ColumnLetters(column)}{row} dài hơn {TabularMessages.Count(TabularLimits.MaxCellChars)} ký tự " +
                            "(giới hạn của một ô Excel), nên dòng này không được nhận.";
                        text = "";
                    }
                    // Excel leaves empty cells out, so C7 may follow A7 directly.
                    while (cells.Count <= column)
                    {
                        cells.Add("");
                        numbers.Add(false);
                    }
                    cells[column] = text;
                    numbers[column] = number;
                    continue;
                }
                r.Read();
            }
            r.Read();
            return error;
        }

        /// <returns>The cell as the user sees it, and whether it is a number cell (its text is the number as Excel stores it).</returns>
        private static (string Text, bool Number) ReadCell(XmlReader r, List<string> shared, NumberKind[] styles, bool date1904)
        {
            var type = r.GetAttribute("t");
            var style = ParseInt(r.GetAttribute("s")) ?? 0;
            string? value = null, formula = null, inline = null;
            if (!r.IsEmptyElement)
            {
                var depth = r.Depth;
                r.Read();
                while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
                {
                    if (r.EOF) throw new XmlException("Unexpected end of cell.");
                    if (r.NodeType != XmlNodeType.Element)
                    {
                        r.Read();
                        continue;
                    }
                    switch (r.LocalName)
                    {
                        case "v": value = r.ReadElementContentAsString(); break;
                        case "f": formula = r.ReadElementContentAsString(); break;
                        case "is": inline = ReadRichText(r); break;
                        default: r.Skip(); break;
                    }
                }
            }
            r.Read();

            // Never calculated: the cached result is what the user last saw; without one, the formula itself is the honest value.
            if (formula is not null && value is null) return (formula.Length == 0 ? "" : "=" + formula, false);
            switch (type)
            {
                case "s":
                    if (value is null) return ("", false);
                    if (ParseInt(value) is not { } index || index >= shared.Count)
                        throw new XmlException($"Shared string {value} does not exist.");
                    return (shared[index], false);
                case "inlineStr":
                    return (inline ?? value ?? "", false);
                case "b":
                    return (value switch { "1" or "true" => "TRUE", "0" or "false" => "FALSE", _ => value ?? "" }, false);
                case "d":
                    return (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var stamp)
                        ? FormatDate(stamp)
                        : value ?? "", false);
                case "str" or "e":
                    return (value ?? "", false);
            }
            if (value is null) return (inline ?? "", false);
            var kind = style >= 0 && style < styles.Length ? styles[style] : NumberKind.Plain;
            if (kind != NumberKind.Plain && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial))
            {
                if (kind == NumberKind.Time && serial is >= 0 and < 1) return (FormatTime(serial), false);
                if (TabularReader.TryExcelSerialToDate(serial, date1904, out var date)) return (FormatDate(date), false);
            }
            return (value, true);
        }

        /// <summary>Text of an &lt;si&gt; or &lt;is&gt;: plain &lt;t&gt; or rich-text runs, without phonetic guides. Leaves the reader after the element.</summary>
        private static string ReadRichText(XmlReader r)
        {
            if (r.IsEmptyElement)
            {
                r.Read();
                return "";
            }
            var depth = r.Depth;
            var text = new StringBuilder();
            r.Read();
            while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.EOF) throw new XmlException("Unexpected end of string.");
                if (r.NodeType == XmlNodeType.Element)
                {
                    switch (r.LocalName)
                    {
                        case "t":
                            var run = r.ReadElementContentAsString();
                            // One character past Excel's limit is enough to refuse the cell; the rest need not be kept.
                            if (text.Length <= TabularLimits.MaxCellChars)
                                text.Append(run, 0, Math.Min(run.Length, TabularLimits.MaxCellChars + 1 - text.Length));
                            continue;
                        case "rPr" or "rPh" or "phoneticPr":
                            r.Skip();
                            continue;
                    }
                }
                r.Read();
            }
            r.Read();
            return DecodeEscapes(text.ToString());
        }

        private XDocument LoadXml(string path)
        {
            using var reader = OpenXml(path);
            return XDocument.Load(reader);
        }

        private XmlReader OpenXml(string path)
        {
            part = path;
            if (!parts.TryGetValue(path, out var entry)) throw TabularMessages.CorruptXlsx(fileName, path);
            var inflated = new InflateLimit(entry.Open(), n =>
            {
                unpacked += n;
                if (unpacked > budget) throw TabularMessages.Unpacked(fileName, budget, fileBytes);
            });
            return XmlReader.Create(inflated, XmlSettings);
        }
    }

    private static string Folder(string path) => path[..(path.LastIndexOf('/') + 1)];

    private static string Resolve(string folder, string target)
    {
        target = Uri.UnescapeDataString(target.Replace('\\', '/'));
        var path = target.StartsWith('/') ? target : folder + target;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    /// <summary>0-based column of a reference like "C7" or "AB12".</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > MaxColumns) throw new XmlException($"Cell reference {reference} is beyond column XFD.");
        }
        return i == 0 ? null : column - 1;
    }

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// Excel keeps dates as day numbers and only the cell's number format says "date". Built-in formats 14–22 and
    /// 45–47 are dates and times; a custom format is one if its codes (outside quotes, escapes and brackets) use d, m or y.
    /// </summary>
    private static NumberKind Classify(int numFmtId, Dictionary<int, string> custom)
    {
        if (custom.TryGetValue(numFmtId, out var code)) return ClassifyCode(code);
        return numFmtId switch
        {
            (>= 14 and <= 17) or 22 => NumberKind.Date,
            (>= 18 and <= 21) or (>= 45 and <= 47) => NumberKind.Time,
            _ => NumberKind.Plain,
        };
    }

    private static NumberKind ClassifyCode(string code)
    {
        var codes = new StringBuilder(code.Length);
        var elapsed = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inner = end < 0 ? code[(i + 1)..] : code[(i + 1)..end];
                    // [h]:mm and [mm]:ss count elapsed time; [Red] and [$-42A] are colours and locales.
                    if (inner.Length > 0 && inner.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S')) elapsed = true;
                    i = end < 0 ? code.Length : end;
                    continue;
                case ';':
                    i = code.Length;
                    continue;
            }
            codes.Append(char.ToLowerInvariant(c));
        }
        var s = codes.Replace("am/pm", "").Replace("a/p", "").ToString();
        bool day = s.Contains('d'), year = s.Contains('y'), m = s.Contains('m'), hour = s.Contains('h'), second = s.Contains('s');
        // m is minutes next to h or s and months otherwise.
        if (day || year || (m && !hour && !second)) return NumberKind.Date;
        return hour || second || m || elapsed ? NumberKind.Time : NumberKind.Plain;
    }

    private static string FormatDate(DateTime date)
    {
        var ticks = Math.Min(date.Ticks + TimeSpan.TicksPerSecond / 2, DateTime.MaxValue.Ticks);
        var rounded = new DateTime(ticks - ticks % TimeSpan.TicksPerSecond);
        return rounded.TimeOfDay == TimeSpan.Zero
            ? rounded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : rounded.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static string FormatTime(double fraction)
    {
        var seconds = Math.Min((int)Math.Round(fraction * 86_400), 86_399);
        return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>Excel writes characters XML cannot hold (and a literal "_x") as _xHHHH_.</summary>
    private static string DecodeEscapes(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? Escape().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex Escape();

    /// <summary>Counts the inflated bytes of a part; <paramref name="count"/> throws once the workbook as a whole is implausibly large.</summary>
    private sealed class InflateLimit(Stream inner, Action<int> count) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            read += n;
            count(n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
