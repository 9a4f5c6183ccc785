using System.Globalization;
using System.Text;

namespace Dashboard.Web.Components.Charts;

/// <summary>A KPI's figure month by month, oldest first (null: no figure that month), with each month's short name.</summary>
public sealed record MonthlyFigures(IReadOnlyList<string> Months, IReadOnlyList<decimal?> Values);

/// <summary>
/// A tile's 12-month trend as a few SVG shapes drawn on the server: no chart library and no browser call per tile.
/// A month without a figure is a gap (the line stops and starts again), never a zero; a month alone between two gaps
/// is a dot.
/// </summary>
public sealed record Sparkline(IReadOnlyList<string> Lines, IReadOnlyList<(double X, double Y)> Dots)
{
    public const double Width = 120, Height = 28;

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
}
