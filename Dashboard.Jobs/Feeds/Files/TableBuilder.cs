namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// Collects the records a CSV or XLSX parser produces: takes the first non-blank one as the header (or, given a
/// header test, the first row it recognises, below a report's merged title rows), enforces the row limit as rows
/// arrive, and separates good rows from row errors.
/// </summary>
internal sealed class TableBuilder(string fileName, TabularLimits limits, char? csvDelimiter, Func<IReadOnlyList<string>, bool>? isHeader = null)
{
    /// <summary>Title rows an export may carry above its header; past them the first non-blank row is the header after all.</summary>
    private const int MaxRowsAboveHeader = 20;

    private readonly List<TabularRow> rows = [];
    private readonly List<TabularRowError> errors = [];
    private TabularHeader? header;
    private int headerRow;
    private int dataRows;
    private List<(int Row, List<string> Cells, string? Error, List<bool>? Numbers)>? above = isHeader is null ? null : [];

    /// <summary>Whether the header is a row the header test recognised (not merely the first non-blank one).</summary>
    public bool HeaderRecognised { get; private set; }

    /// <param name="numbers">For a workbook row, which cells are number cells (see <see cref="TabularRow.IsNumber"/>).</param>
    public void Add(int row, List<string> cells, string? error, List<bool>? numbers = null)
    {
        if (error is null && IsBlank(cells)) return;
        if (header is null && above is not null)
        {
            if (error is null && isHeader!(cells))
            {
                // The rows above were titles (the commune's name, the report's period): they are no data.
                above = null;
                HeaderRecognised = true;
            }
            else
            {
                // The caller reuses its lists, so the row is kept as a copy.
                above.Add((row, [.. cells], error, numbers is null ? null : [.. numbers]));
                if (above.Count > MaxRowsAboveHeader) Replay();
                return;
            }
        }
        if (header is null)
        {
            if (error is not null)
                throw new TabularFileException(fileName, $"không đọc được dòng tiêu đề (dòng {row}): {error}");
            header = new TabularHeader(HeaderNames(cells), fileName, row);
            headerRow = row;
            return;
        }

        if (++dataRows > limits.MaxRows) throw TabularMessages.TooManyRows(fileName, limits);
        if (error is not null)
        {
            errors.Add(new TabularRowError(row, error));
            return;
        }
        if (cells.Count == header.Count)
        {
            rows.Add(new TabularRow(row, [.. cells], header, Numbers(numbers, header.Count)));
            return;
        }
        if (csvDelimiter is { } d)
        {
            // In CSV a missing or extra delimiter shifts every later cell into the wrong column, so the row cannot be trusted.
            errors.Add(new TabularRowError(row,
                $"dòng có {cells.Count} ô nhưng dòng tiêu đề có {header.Count} cột " +
                $"(thiếu hoặc thừa dấu phân cách {TabularMessages.DelimiterName(d)}, hoặc dấu ngoặc kép không khớp)."));
            return;
        }
        // In XLSX every cell carries its own column, so a short row just has empty cells and a cell
        // right of the last header column has no name anyone could ask for.
        var fitted = new string[header.Count];
        for (var i = 0; i < fitted.Length; i++) fitted[i] = i < cells.Count ? cells[i] : "";
        rows.Add(new TabularRow(row, fitted, header, Numbers(numbers, header.Count)));
    }

    private static bool[]? Numbers(List<bool>? numbers, int count)
    {
        if (numbers is null || !numbers.Contains(true)) return null;
        var fitted = new bool[count];
        for (var i = 0; i < count && i < numbers.Count; i++) fitted[i] = numbers[i];
        return fitted;
    }

    public TabularResult Build(string? sheetName)
    {
        if (above is not null) Replay();
        return header is null
            ? throw new TabularFileException(fileName, "không có dữ liệu: không tìm thấy dòng tiêu đề (dòng tên cột).")
            : new TabularResult(fileName, sheetName, csvDelimiter, headerRow, header, rows, errors, HeaderRecognised);
    }

    /// <summary>No row was recognised as the header: the rows held back are read as a file without titles is.</summary>
    private void Replay()
    {
        var held = above!;
        above = null;
        foreach (var (row, cells, error, numbers) in held) Add(row, cells, error, numbers);
    }

    private string[] HeaderNames(List<string> cells)
    {
        var count = cells.Count;
        // Excel writes styled but empty cells right of a table; in XLSX they are not columns. In CSV they are,
        // because every data row carries the same trailing delimiters.
        if (csvDelimiter is null)
            while (count > 0 && string.IsNullOrWhiteSpace(cells[count - 1])) count--;
        var names = new string[count];
        for (var i = 0; i < count; i++) names[i] = cells[i].Trim();
        return names;
    }

    private static bool IsBlank(List<string> cells)
    {
        foreach (var c in cells)
            if (!string.IsNullOrWhiteSpace(c)) return false;
        return true;
    }
}
