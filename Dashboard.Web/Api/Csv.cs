namespace Dashboard.Web.Api;

public static class Csv
{
    /// <summary>
    /// Quotes a cell, and neutralises text a spreadsheet would run as a formula (=, +, -, @): the rows come from
    /// outside and are opened in Excel by office staff.
    /// </summary>
    public static string Cell(string text)
    {
        if (text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
