namespace Dashboard.Web.Components.Charts;

/// <summary>
/// One period of a trend: its label as shown (e.g. "T11/26"), its value (null is no data, drawn as a gap) and the value
/// as the page writes it ("98,5%", "Khá"); the target of that period, when the KPI has one, with its text ("≥ 2").
/// A yearly count's target differs by period (its share of the year), so it travels with each point.
/// </summary>
public sealed record TrendPoint(string Label, decimal? Value, string? Text = null, decimal? Target = null, string? TargetText = null);
