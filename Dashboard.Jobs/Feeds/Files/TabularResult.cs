using System.Collections;
using System.Globalization;
using System.Text;

namespace Dashboard.Jobs.Feeds.Files;

/// <summary>What <see cref="TabularReader"/> read from one file: the header, the good rows and the rows it could not read.</summary>
public sealed class TabularResult
{
    internal TabularResult(string fileName, string? sheetName, char? delimiter, int headerRow,
        TabularHeader header, IReadOnlyList<TabularRow> rows, IReadOnlyList<TabularRowError> errors, bool headerRecognised = false)
    {
        HeaderRecognised = headerRecognised;
        FileName = fileName;
        SheetName = sheetName;
        Delimiter = delimiter;
        HeaderRow = headerRow;
        Header = header;
        Rows = rows;
        Errors = errors;
    }

    public string FileName { get; }

    /// <summary>The worksheet that was read (XLSX only).</summary>
    public string? SheetName { get; }

    /// <summary>The delimiter found on the header line (CSV only).</summary>
    public char? Delimiter { get; }

    /// <summary>Whether the reader's header test recognised the header row (always false without one).</summary>
    public bool HeaderRecognised { get; }

    /// <summary>Row of the header as the user sees it: 1 unless the file starts with blank or title rows.</summary>
    public int HeaderRow { get; }

    public TabularHeader Header { get; }

    /// <summary>Rows in file order; blank rows are left out but keep their place in the numbering.</summary>
    public IReadOnlyList<TabularRow> Rows { get; }

    public IReadOnlyList<TabularRowError> Errors { get; }
}

/// <summary>
/// The header row: names trimmed, looked up case-insensitively. A name that is not found exactly is looked up again
/// without Vietnamese diacritics, case and punctuation, so code asking for <c>ngay_hen</c> finds a column the
/// one-stop software calls "Ngày hẹn".
/// </summary>
public sealed class TabularHeader : IReadOnlyList<string>
{
    private readonly string[] names;
    private readonly Dictionary<string, int> exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> loose = new(StringComparer.Ordinal);

    internal TabularHeader(string[] names, string fileName, int headerRow)
    {
        this.names = names;
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0) continue;
            // Two columns with the same name would make every lookup a guess about which one the sender meant.
            if (!exact.TryAdd(names[i], i))
                throw new TabularFileException(fileName,
                    $"dòng tiêu đề (dòng {headerRow}) có hai cột cùng tên '{Dashboard.Shared.Ingest.TextExcerpt.Of(names[i])}' " +
                    $"(cột {ColumnLetters(exact[names[i]])} và {ColumnLetters(i)}). Hãy đổi tên một cột rồi gửi lại.");
            var key = LooseKey(names[i]);
            if (key.Length == 0 || ambiguous.Contains(key)) continue;
            if (!loose.TryAdd(key, i))
            {
                loose.Remove(key);
                ambiguous.Add(key);
            }
        }
    }

    public int Count => names.Length;

    public string this[int index] => names[index];

    /// <summary>0-based position of the column, or -1 when the file has no such column.</summary>
    public int IndexOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.Trim();
        if (name.Length == 0) return -1;
        if (exact.TryGetValue(name, out var i)) return i;
        return loose.TryGetValue(LooseKey(name), out i) ? i : -1;
    }

    public bool Contains(string column) => IndexOf(column) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)names).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"Ngày hẹn", "NGAY HEN" and "ngay_hen" all become "ngay_hen".</summary>
    internal static string LooseKey(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var gap = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            // đ is a letter of its own, not d with a mark, so decomposition leaves it alone.
            var ch = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (!char.IsLetterOrDigit(ch))
            {
                gap = true;
                continue;
            }
            if (gap && key.Length > 0) key.Append('_');
            gap = false;
            key.Append(ch);
        }
        return key.ToString();
    }

    internal static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}

/// <summary>One data row. It always has exactly one cell per header column.</summary>
public sealed class TabularRow
{
    private readonly string[] cells;
    private readonly bool[]? numbers;

    internal TabularRow(int row, string[] cells, TabularHeader header, bool[]? numbers = null)
    {
        Row = row;
        this.cells = cells;
        Header = header;
        this.numbers = numbers;
    }

    /// <summary>1-based row number as the user sees it in the spreadsheet, for messages like "dòng 12".</summary>
    public int Row { get; }

    public IReadOnlyList<string> Cells => cells;

    public TabularHeader Header { get; }

    public string this[int index] => cells[index];

    /// <summary>The cell under <paramref name="column"/> ("" when the cell is empty), or null when the file has no such column.</summary>
    public string? Get(string column)
    {
        var i = Header.IndexOf(column);
        return i < 0 ? null : cells[i];
    }

    /// <summary>
    /// Whether the cell under <paramref name="column"/> is a number cell of a workbook: its text is the number as Excel
    /// stores it ("1250000.5", "1.25E+10"), not something a person typed, and must not be read as Vietnamese text.
    /// Always false for CSV.
    /// </summary>
    public bool IsNumber(string column)
    {
        var i = Header.IndexOf(column);
        return numbers is not null && i >= 0 && i < numbers.Length && numbers[i];
    }
}
