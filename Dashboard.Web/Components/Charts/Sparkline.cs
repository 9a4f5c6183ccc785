using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dashboard.Shared.Catalog;
using Dashboard.Web.Components.Kpis;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// A KPI's figure month by month, oldest first (null: no figure that month), with each month's short name, the sparkline
/// that draws them and what it says (<see cref="Label"/>: the first and the last month with a figure, for a screen reader and
/// as its tooltip). Immutable, so the overviews of a unit share one (<see cref="SharedMonthlyFigures"/>).
/// </summary>
public sealed record MonthlyFigures(IReadOnlyList<string> Months, IReadOnlyList<decimal?> Values, string Label)
{
    /// <summary>
    /// What goes inside the tile's &lt;svg&gt;: its &lt;title&gt; (the label) and its shapes, as one piece of markup written
    /// once here. Element by element in the tile's markup they would be render-tree frames (two to six per shape) in every
    /// live page, and push the tile past the 64 frames it otherwise fits in.
    /// </summary>
    public MarkupString Svg { get; } = new(Sparkline.Of(Values).Markup(Label));

    public static MonthlyFigures Of(KpiDefinition kpi, IReadOnlyList<string> months, IReadOnlyList<decimal?> values, IStringLocalizer<Strings> loc)
    {
        var known = values.Select((v, i) => (v, i)).Where(x => x.v is not null).ToList();
        if (known.Count == 0) return new(months, values, string.Format(loc[nameof(Strings.SparklineEmpty)], values.Count));
        var (first, last) = (known[0], known[^1]);
        return new(months, values, string.Format(loc[nameof(Strings.SparklineLabel)], values.Count, KpiFormat.Value(kpi, first.v, loc),
            months[first.i], KpiFormat.Value(kpi, last.v, loc), months[last.i], known.Count));
    }
}

/// <summary>
/// One <see cref="MonthlyFigures"/> per unit, KPI and language for as long as its months and figures stay the same: every
/// live overview of a unit holds the same one instead of a copy each, and a tile whose figures did not change between two
/// recomputes gets the same instance, so it is not rendered again.
/// </summary>
public sealed class SharedMonthlyFigures
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Unit, string Kpi, string Culture), (KpiDefinition Kpi, MonthlyFigures Figures)> _last = new();

    /// <param name="kpi">As the label writes its figures (a changed target can change their rounding).</param>
    public MonthlyFigures Get(string unit, KpiDefinition kpi, IReadOnlyList<string> months, IReadOnlyList<decimal?> values, IStringLocalizer<Strings> loc)
    {
        var key = (unit, kpi.Code, CultureInfo.CurrentUICulture.Name);
        if (_last.TryGetValue(key, out var last) && last.Kpi.Equals(kpi)
            && last.Figures.Months.SequenceEqual(months) && last.Figures.Values.SequenceEqual(values))
            return last.Figures;
        var figures = MonthlyFigures.Of(kpi, months.ToArray(), values.ToArray(), loc);
        _last[key] = (kpi, figures);
        return figures;
    }
}

/// <summary>
/// A tile's 12-month trend as a few SVG shapes drawn on the server: no chart library and no browser call per tile.
/// A month without a figure is a gap (the line stops and starts again), never a zero; a month alone between two gaps
/// is a dot.
/// </summary>
public sealed record Sparkline(IReadOnlyList<string> Lines, IReadOnlyList<(double X, double Y)> Dots)
{
    public const double Width = 120, Height = 28;

    /// <summary>The drawing's box, <c>0 0 120 28</c>.</summary>
    public static readonly string ViewBox = $"0 0 {Num(Width)} {Num(Height)}";

    /// <summary>Every line as one path of several pieces (one "M" each), drawn the same as a path per line; null without a line.</summary>
    public string? Path { get; } = Lines.Count == 0 ? null : string.Join(' ', Lines);

    // Room for the stroke, so the top and bottom of the line are not cut by the box.
    private const double Pad = 2;

    public static Sparkline Of(IReadOnlyList<decimal?> values)
    {
        var known = values.Where(v => v is not null).Select(v => (double)v!.Value).ToList();
        if (known.Count == 0) return new([], []);
        var (low, high) = (known.Min(), known.Max());
        double X(int i) => values.Count == 1 ? Width / 2 : Pad + i * (Width - 2 * Pad) / (values.Count - 1);
        // A flat series sits in the middle; otherwise the highest figure at the top.
        double Y(double v) => high == low ? Height / 2 : Pad + (high - v) * (Height - 2 * Pad) / (high - low);

        var lines = new List<string>();
        var dots = new List<(double, double)>();
        var run = new List<(double X, double Y)>();
        void Close()
        {
            if (run.Count == 1) dots.Add(run[0]);
            else if (run.Count > 1)
            {
                var d = new StringBuilder();
                for (var i = 0; i < run.Count; i++)
                    d.Append(i == 0 ? 'M' : 'L').Append(Num(run[i].X)).Append(' ').Append(Num(run[i].Y)).Append(i < run.Count - 1 ? " " : "");
                lines.Add(d.ToString());
            }
            run.Clear();
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v) run.Add((X(i), Y((double)v)));
            else Close();
        }
        Close();
        return new(lines, dots);
    }

    public static string Num(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    // Text in markup the way Razor writes it here (Vietnamese as UTF-8, not as entities; WebExtensions).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The SVG's content: a &lt;title&gt; that names it (and is its tooltip), the lines as one path, a circle per dot.</summary>
    public string Markup(string title)
    {
        var svg = new StringBuilder("<title>").Append(Encoder.Encode(title)).Append("</title>");
        if (Path is { } path) svg.Append("<path d=\"").Append(path).Append("\"></path>");
        foreach (var (x, y) in Dots) svg.Append("<circle cx=\"").Append(Num(x)).Append("\" cy=\"").Append(Num(y)).Append("\" r=\"1.8\"></circle>");
        return svg.ToString();
    }
}
