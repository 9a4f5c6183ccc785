namespace Dashboard.Jobs.Feeds.Http;

/// <summary>
/// How to read one HTTP JSON source: where the items are, which JSON path gives each field, how its codes map to ours.
/// Stored as the feed's settings JSON, so a differently shaped source is configuration, not code.
/// </summary>
public sealed class HttpJsonSettings
{
    public string Url { get; set; } = "";

    /// <summary>Request headers. A value <c>env:NAME</c> is read from the environment, so secrets stay out of the database.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>JSON path of the array of items, e.g. <c>$.data.items</c>.</summary>
    public string ItemsPath { get; set; } = "$";

    /// <summary>JSON path, relative to an item, of each field: <c>unit</c>, <c>kpi</c>, <c>period</c>, <c>value</c>.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>Fixed values for fields the source does not send (e.g. <c>unit</c> for a commune's own system).</summary>
    public Dictionary<string, string> Constants { get; set; } = [];

    /// <summary>Per field, the source's codes mapped to the catalog's (e.g. <c>kpi</c>: <c>TL_HS_TRE</c> → <c>ho-so-tre-han</c>).</summary>
    public Dictionary<string, Dictionary<string, string>> CodeMaps { get; set; } = [];

    /// <summary>When the period field holds a date, the formats to try (local time) …</summary>
    public string[] DateFormats { get; set; } = ["dd/MM/yyyy", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "MM/yyyy", "yyyy-MM"];

    /// <summary>… and the period the date falls in: <c>day</c>, <c>month</c> (default), <c>quarter</c> or <c>year</c>.</summary>
    public string PeriodKind { get; set; } = "month";

    /// <summary>Multiplies each value, e.g. 100 for a source that sends ratios (0.954) where the KPI is a percentage.</summary>
    public decimal Scale { get; set; } = 1;

    /// <summary>Paging: JSON path of the next page's URL in the response (absolute or relative) …</summary>
    public string? NextPagePath { get; set; }

    /// <summary>… or a query parameter that counts pages from 1 until a page has no items.</summary>
    public string? PageParameter { get; set; }

    public int MaxPages { get; set; } = 100;

    /// <summary>
    /// Largest response (one page) read, in bytes; a larger one fails the run with a message naming this limit. The default,
    /// 8 MB, holds about 80,000 items; a source that sends more should page.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 8L * 1024 * 1024;
}
