namespace Dashboard.Shared.Time;

/// <summary>
/// The period a KPI is judged on by default: what its tile, wall card, digest line and live figure from records are for.
/// The plan's targets are yearly ("trong năm"), so the default is the year to date; the overall goals (rankings, SIPAS) are
/// published once a year and are judged on the year. The catalog's <c>window</c> field sets it per KPI.
/// </summary>
public static class KpiWindows
{
    private static readonly (string Code, WindowKind Kind)[] Known =
    [
        ("ytd", WindowKind.YearToDate), ("year", WindowKind.Year), ("half-year", WindowKind.HalfYear),
        ("quarter", WindowKind.Quarter), ("month", WindowKind.Month),
    ];

    /// <summary>The codes the catalog's <c>window</c> field takes: only windows with a reading period (nine months and the last 30 days have none).</summary>
    public static IEnumerable<string> Codes => Known.Select(k => k.Code);

    public static WindowKind? Parse(string code) =>
        Known.FirstOrDefault(k => string.Equals(k.Code, code.Trim(), StringComparison.OrdinalIgnoreCase)) is { Code: not null } found ? found.Kind : null;

    /// <summary>
    /// The window of <paramref name="kind"/> a KPI shows on <paramref name="today"/>. The year to date of a year whose first
    /// month has not closed yet is a few days of records, where one overdue dossier reads as a collapse: until then the
    /// default is the whole previous year, labelled as such (from 1 February, or 15 January on the administrative cycle,
    /// the new year to date).
    /// </summary>
    public static ReportingWindow Default(WindowKind kind, CutOff cutOff, DateOnly today)
    {
        var window = ReportingWindow.Containing(kind, cutOff, today);
        return kind == WindowKind.YearToDate && today < window.Start.AddMonths(1)
            ? ReportingWindow.Containing(WindowKind.Year, cutOff, window.Start.AddDays(-1))
            : window;
    }
}
