namespace Dashboard.Web.Components.Charts;

/// <summary>One period of a trend: its label as shown (e.g. "T11/2026") and its value; null is no data, drawn as a gap.</summary>
public sealed record TrendPoint(string Label, decimal? Value);
