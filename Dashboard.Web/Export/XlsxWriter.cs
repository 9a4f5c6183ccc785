using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Dashboard.Web.Export;

/// <summary>
/// A small XLSX writer for report exports. Strings are written inline and no cell ever holds a formula, so text such
/// as <c>=HYPERLINK(…)</c> that came from an uploaded file stays text in the Excel of whoever opens the export.
/// </summary>
public sealed class XlsxWorkbook
{
    internal const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Sml = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        // A carriage return in a cell would otherwise be normalised away by every XML reader.
        NewLineHandling = NewLineHandling.Entitize,
    };

    private readonly List<XlsxSheet> sheets = [];
    private readonly Dictionary<string, int> numFmts = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Font, int NumFmt), int> xfs = [];

    public XlsxWorkbook()
    {
        // Fixed ids: xf 0, 1, 2 are the plain, bold and title fonts; the usual report formats come first as 164….
        for (var font = 0; font < 3; font++) Style(font, null);
        foreach (var format in (string[])[XlsxCell.PercentFormat, XlsxCell.MoneyFormat, XlsxCell.DateFormat, XlsxCell.DateTimeFormat])
            Style(0, format);
    }

    public IReadOnlyList<XlsxSheet> Sheets => sheets;

    /// <summary>
    /// Adds a sheet. The name is made acceptable to Excel, which otherwise only offers to "repair" the file: no
    /// <c>[]:*?/\</c> (replaced by '-'), no leading or trailing apostrophe, at most 31 characters, not "History",
    /// and unique ignoring case (" (2)", " (3)"… is appended). The final name is <see cref="XlsxSheet.Name"/>.
    /// </summary>
    public XlsxSheet AddSheet(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var clean = new string([.. XlsxCell.Clean(name).Select(c => char.IsControl(c) ? ' ' : "[]:*?/\\".Contains(c) ? '-' : c)]);
        clean = TrimName(XlsxCell.Cut(TrimName(clean), 31));
        if (clean.Length == 0) clean = $"Sheet{sheets.Count + 1}";
        var unique = clean;
        for (var n = 2; unique.Equals("History", StringComparison.OrdinalIgnoreCase)
            || sheets.Any(s => s.Name.Equals(unique, StringComparison.OrdinalIgnoreCase)); n++)
            unique = TrimName(XlsxCell.Cut(clean, 31 - $" ({n})".Length)) + $" ({n})";
        var sheet = new XlsxSheet(unique);
        sheets.Add(sheet);
        return sheet;
    }

    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        Save(buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes the workbook; <paramref name="output"/> is left open and need not be seekable.</summary>
    public void Save(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (sheets.Count == 0) throw new InvalidOperationException("Excel cannot open a workbook without sheets; add one first.");
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", "http://schemas.openxmlformats.org/package/2006/content-types", "Types", w =>
        {
            Empty(w, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
            Empty(w, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
            Empty(w, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", Sml + "sheet.main+xml"));
            for (var i = 1; i <= sheets.Count; i++)
                Empty(w, "Override", ("PartName", $"/xl/worksheets/sheet{i}.xml"), ("ContentType", Sml + "worksheet+xml"));
            Empty(w, "Override", ("PartName", "/xl/styles.xml"), ("ContentType", Sml + "styles+xml"));
        });
        Relationships(zip, "_rels/.rels", [("officeDocument", "xl/workbook.xml")]);
        Part(zip, "xl/workbook.xml", Main, "workbook", w =>
        {
            w.WriteAttributeString("xmlns", "r", null, Rel);
            w.WriteStartElement("sheets");
            for (var i = 1; i <= sheets.Count; i++)
            {
                w.WriteStartElement("sheet");
                w.WriteAttributeString("name", sheets[i - 1].Name);
                w.WriteAttributeString("sheetId", Invariant(i));
                w.WriteAttributeString("id", Rel, $"rId{i}");
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
        Relationships(zip, "xl/_rels/workbook.xml.rels",
            [.. sheets.Select((_, i) => ("worksheet", $"worksheets/sheet{i + 1}.xml")), ("styles", "styles.xml")]);
        for (var i = 0; i < sheets.Count; i++)
            Part(zip, $"xl/worksheets/sheet{i + 1}.xml", Main, "worksheet", w => sheets[i].Write(w, selected: i == 0, Style));
        // Last, because writing the sheets registers any number format a cell asked for.
        Part(zip, "xl/styles.xml", Main, "styleSheet", WriteStyles);
    }

    private int Style(int font, string? format)
    {
        var numFmt = 0;
        if (format is not null && format != "General" && !numFmts.TryGetValue(format, out numFmt))
            numFmts[format] = numFmt = 164 + numFmts.Count;
        if (!xfs.TryGetValue((font, numFmt), out var xf)) xfs[(font, numFmt)] = xf = xfs.Count;
        return xf;
    }

    private void WriteStyles(XmlWriter w)
    {
        w.WriteStartElement("numFmts");
        w.WriteAttributeString("count", Invariant(numFmts.Count));
        foreach (var (code, id) in numFmts.OrderBy(p => p.Value)) Empty(w, "numFmt", ("numFmtId", Invariant(id)), ("formatCode", code));
        w.WriteEndElement();
        // Fonts 0, 1, 2: plain, bold, title. Excel expects the two built-in fills and one empty border even when no cell uses them.
        const string fontEnd = "<name val=\"Calibri\"/><family val=\"2\"/></font>";
        w.WriteRaw($"<fonts count=\"3\"><font><sz val=\"11\"/>{fontEnd}<font><b/><sz val=\"11\"/>{fontEnd}<font><b/><sz val=\"14\"/>{fontEnd}</fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>");
        w.WriteStartElement("cellXfs");
        w.WriteAttributeString("count", Invariant(xfs.Count));
        foreach (var ((font, numFmt), _) in xfs.OrderBy(p => p.Value))
            Empty(w, "xf", ("numFmtId", Invariant(numFmt)), ("fontId", Invariant(font)), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
                ("applyNumberFormat", numFmt == 0 ? "0" : "1"), ("applyFont", font == 0 ? "0" : "1"));
        w.WriteEndElement();
        w.WriteRaw("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>");
    }

    private static void Relationships(ZipArchive zip, string path, (string Type, string Target)[] targets) =>
        Part(zip, path, "http://schemas.openxmlformats.org/package/2006/relationships", "Relationships", w =>
        {
            for (var i = 0; i < targets.Length; i++)
                Empty(w, "Relationship", ("Id", $"rId{i + 1}"), ("Type", $"{Rel}/{targets[i].Type}"), ("Target", targets[i].Target));
        });

    private static void Part(ZipArchive zip, string path, string ns, string root, Action<XmlWriter> body)
    {
        using var stream = zip.CreateEntry(path).Open();
        using var w = XmlWriter.Create(stream, Settings);
        w.WriteStartDocument(standalone: true);
        // Children are written without a namespace and so inherit this default one.
        w.WriteStartElement(root, ns);
        body(w);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    internal static void Empty(XmlWriter w, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(name);
        foreach (var (n, v) in attributes) w.WriteAttributeString(n, v);
        w.WriteEndElement();
    }

    internal static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string TrimName(string name) => name.Trim().Trim('\'').Trim();
}

public sealed class XlsxSheet
{
    private const int PlainFont = 0, BoldFont = 1, TitleFont = 2;
    private const int MaxRows = 1_048_576, MaxColumns = 16_384;

    private readonly List<(XlsxCell[] Cells, int Font)> rows = [];
    private double[] widths = [];
    private int frozenRows;

    internal XlsxSheet(string name) => Name = name;

    /// <summary>The name as Excel will show it, after <see cref="XlsxWorkbook.AddSheet"/> made it acceptable.</summary>
    public string Name { get; }

    /// <summary>A row with one large bold cell; Excel lets the text run over the empty cells to its right.</summary>
    public XlsxSheet Title(string text) => Add([XlsxCell.Text(text)], TitleFont);

    /// <summary>A bold row of column names; the panes are frozen below it so it stays visible while scrolling.</summary>
    public XlsxSheet Header(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Add([.. names.Select(n => XlsxCell.Text(n))], BoldFont);
        frozenRows = rows.Count;
        return this;
    }

    public XlsxSheet Row(params XlsxCell[] cells) => Add(cells, PlainFont);

    /// <summary>A row in bold, for totals.</summary>
    public XlsxSheet BoldRow(params XlsxCell[] cells) => Add(cells, BoldFont);

    /// <summary>Column widths from column A on, in Excel's units (characters of the default font); 0 keeps the default.</summary>
    public XlsxSheet Widths(params double[] widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Length > MaxColumns || widths.Any(w => !(w is >= 0 and <= 255)))
            throw new ArgumentOutOfRangeException(nameof(widths), "Excel column widths are between 0 and 255, for at most 16384 columns.");
        this.widths = [.. widths];
        return this;
    }

    private XlsxSheet Add(XlsxCell[] cells, int font)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length > MaxColumns) throw new ArgumentException("Excel sheets have at most 16384 columns.", nameof(cells));
        if (rows.Count == MaxRows) throw new InvalidOperationException("Excel sheets have at most 1048576 rows.");
        // Copied: a caller may reuse the params array for the next row.
        rows.Add(([.. cells], font));
        return this;
    }

    internal void Write(XmlWriter w, bool selected, Func<int, string?, int> style)
    {
        w.WriteStartElement("sheetViews");
        w.WriteStartElement("sheetView");
        if (selected) w.WriteAttributeString("tabSelected", "1");
        w.WriteAttributeString("workbookViewId", "0");
        if (frozenRows > 0)
        {
            var below = "A" + XlsxWorkbook.Invariant(frozenRows + 1);
            XlsxWorkbook.Empty(w, "pane", ("ySplit", XlsxWorkbook.Invariant(frozenRows)), ("topLeftCell", below),
                ("activePane", "bottomLeft"), ("state", "frozen"));
            XlsxWorkbook.Empty(w, "selection", ("pane", "bottomLeft"), ("activeCell", below), ("sqref", below));
        }
        w.WriteEndElement();
        w.WriteEndElement();
        if (widths.Any(x => x > 0))
        {
            w.WriteStartElement("cols");
            for (var i = 0; i < widths.Length; i++)
                if (widths[i] > 0)
                    XlsxWorkbook.Empty(w, "col", ("min", XlsxWorkbook.Invariant(i + 1)), ("max", XlsxWorkbook.Invariant(i + 1)),
                        ("width", widths[i].ToString(CultureInfo.InvariantCulture)), ("customWidth", "1"));
            w.WriteEndElement();
        }
        w.WriteStartElement("sheetData");
        for (var r = 0; r < rows.Count; r++)
        {
            var number = XlsxWorkbook.Invariant(r + 1);
            w.WriteStartElement("row");
            w.WriteAttributeString("r", number);
            var (cells, font) = rows[r];
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c].IsEmpty) continue;
                w.WriteStartElement("c");
                w.WriteAttributeString("r", ColumnLetters(c) + number);
                var s = style(font, cells[c].Format);
                if (s != 0) w.WriteAttributeString("s", XlsxWorkbook.Invariant(s));
                if (cells[c].TextValue is { } text)
                {
                    w.WriteAttributeString("t", "inlineStr");
                    w.WriteStartElement("is");
                    w.WriteStartElement("t");
                    // Without it Excel drops leading and trailing spaces and line breaks.
                    if (text.Trim() != text || text.AsSpan().IndexOfAny('\n', '\r', '\t') >= 0)
                        w.WriteAttributeString("xml", "space", null, "preserve");
                    w.WriteString(text);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
                else
                    w.WriteElementString("v", cells[c].NumberValue!.Value.ToString("R", CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}

/// <summary>
/// One cell: text, or a number with an optional number format. <c>default</c> and every factory given null are an
/// empty cell. Strings, decimals and dates convert implicitly; a literal <c>null</c> is ambiguous, use <see cref="Empty"/>.
/// </summary>
public readonly partial record struct XlsxCell
{
    internal const string PercentFormat = "0.0%", MoneyFormat = "#,##0", DateFormat = "dd/mm/yyyy", DateTimeFormat = "dd/mm/yyyy hh:mm";

    /// <summary>Excel's limit for the text of one cell; longer text makes it report the file as damaged.</summary>
    private const int MaxText = 32_767;

    private XlsxCell(string? text, double? number, string? format) => (TextValue, NumberValue, Format) = (text, number, format);

    public static XlsxCell Empty => default;

    public bool IsEmpty => TextValue is null && NumberValue is null;

    internal string? TextValue { get; }
    internal double? NumberValue { get; }
    internal string? Format { get; }

    /// <summary>
    /// Text, always shown as text: an inline string is never evaluated, so "=1+1" or "+84…" needs no quote prefix.
    /// Characters XML 1.0 cannot hold are dropped, and text beyond 32767 characters is cut.
    /// </summary>
    public static XlsxCell Text(string? text) =>
        string.IsNullOrEmpty(text) ? default : new(EscapeLiteral(Cut(Clean(text), MaxText)), null, null);

    /// <summary>A number with an Excel number format code such as "0.00" or "#,##0.0"; null means General.</summary>
    public static XlsxCell Number(decimal? value, string? format = null) => value is { } v ? new(null, (double)v, format) : default;

    /// <summary>12.5 is shown as 12,5 %: stored as 0.125 under a percent format, so Excel can still calculate with it.</summary>
    public static XlsxCell Percent(decimal? percentValue, int decimals = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 10);
        return Number(percentValue / 100, decimals == 1 ? PercentFormat : decimals == 0 ? "0%" : "0." + new string('0', decimals) + "%");
    }

    /// <summary>Whole đồng with thousands separators.</summary>
    public static XlsxCell Money(decimal? value) => Number(value, MoneyFormat);

    public static XlsxCell Date(DateOnly? date) =>
        date is { } d ? At(d.ToDateTime(TimeOnly.MinValue), DateFormat, "dd/MM/yyyy") : default;

    /// <summary>The wall-clock value as given (its Kind is ignored): convert UTC to local time first.</summary>
    public static XlsxCell DateTime(System.DateTime? value) =>
        value is { } v ? At(v, DateTimeFormat, "dd/MM/yyyy HH:mm") : default;

    public static implicit operator XlsxCell(string? text) => Text(text);

    public static implicit operator XlsxCell(decimal? value) => Number(value);

    public static implicit operator XlsxCell(DateOnly? date) => Date(date);

    public override string ToString() => TextValue ?? NumberValue?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Excel stores dates as day numbers from 1900; it cannot show earlier ones, so those become text.</summary>
    private static XlsxCell At(System.DateTime value, string format, string textFormat)
    {
        if (value.Year < 1900) return Text(value.ToString(textFormat, CultureInfo.InvariantCulture));
        // Excel counts a 29 February 1900 that never was, so from March 1900 on the count starts a day earlier.
        var epoch = value.Month < 3 && value.Year == 1900 ? new System.DateTime(1899, 12, 31) : new System.DateTime(1899, 12, 30);
        // Whole milliseconds, as Excel keeps them: finer ticks could round 23:59:59.9999999 up to the next day.
        var ticks = value.Ticks - value.Ticks % TimeSpan.TicksPerMillisecond - epoch.Ticks;
        return new(null, ticks / (double)TimeSpan.TicksPerDay, format);
    }

    /// <summary>Drops what XML 1.0 cannot hold: control characters other than tab and line breaks, and unpaired surrogates.</summary>
    internal static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) clean.Append(text[i]).Append(text[++i]);
        }
        return clean.ToString();
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units, without splitting a surrogate pair.</summary>
    internal static string Cut(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    /// <summary>Excel reads "_x0041_" in a string as "A"; escaping the underscore keeps such text literal.</summary>
    private static string EscapeLiteral(string text) =>
        text.Contains("_x", StringComparison.Ordinal) ? EscapeLike().Replace(text, "_x005F_") : text;

    [GeneratedRegex("_(?=x[0-9A-Fa-f]{4}_)")]
    private static partial Regex EscapeLike();
}
