namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// A file that cannot be read at all (wrong encoding, too large, not a workbook, no header…). Nothing from it is
/// used. <see cref="Exception.Message"/> names the file, so it can be shown to the person who uploaded it as is.
/// </summary>
public sealed class TabularFileException(string fileName, string message)
    : Exception($"Tệp '{fileName}': {message}")
{
    public string FileName { get; } = fileName;

    /// <summary>The reason without the file name, for places that already show the name.</summary>
    public string Reason { get; } = message;
}

/// <summary>
/// One row that could not be read (e.g. a CSV row with more or fewer cells than the header). The rest of the
/// file is still returned, so one bad line does not hold back a month of dossiers.
/// </summary>
/// <param name="Row">1-based row number as the user sees it in the spreadsheet (the header is usually row 1).</param>
public sealed record TabularRowError(int Row, string Message)
{
    public string Describe(string fileName) => $"Tệp '{fileName}', dòng {Row}: {Message}";
}
