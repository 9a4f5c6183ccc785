using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// A KPI's value per period as a line, with its target as a dashed line, on a y-axis scaled to the values and the
/// target. Updated in place when the points change. Every text on it is written here or by the page in vi-VN:
/// ApexCharts only gets finished labels. With no value at all it says so instead of drawing an empty frame.
/// </summary>
public partial class TrendChart
{
    [Parameter, EditorRequired] public IReadOnlyList<TrendPoint> Points { get; set; } = [];

    /// <summary>The legend of the target line, e.g. "Chỉ tiêu: ≥ 98%".</summary>
    [Parameter] public string TargetLabel { get; set; } = "";

    [Parameter] public string SeriesName { get; set; } = "";

    /// <summary>Over the y-axis ("%").</summary>
    [Parameter] public string? Unit { get; set; }

    /// <summary>A ceiling the axis never passes (100 for a percentage); below it the axis follows the data.</summary>
    [Parameter] public decimal? YMax { get; set; }

    /// <summary>
    /// Names for whole values on the y-axis, by value (a ranking's bands: index 3 is "Khá"): the axis then runs from the
    /// first named value to the last and shows names instead of numbers.
    /// </summary>
    [Parameter] public IReadOnlyList<string>? AxisNames { get; set; }

    /// <summary>Shown instead of the chart when no period has a value.</summary>
    [Parameter] public string EmptyText { get; set; } = "";

    [Parameter] public string? AriaLabel { get; set; }

    private const string LineColor = "#0b4f8a";
    private const string TargetColor = "#4a5563";

    private object _options = new();
    private object _series = Array.Empty<object>();
    private string[] _colors = [];

    private bool HasData => Points.Any(p => p.Value is not null);

    private bool HasTarget => Points.Any(p => p.Target is not null);

    protected override void OnParametersSet()
    {
        // Points as { x, y, label }: the period labels travel with the values, so new periods are only a series update.
        // A null y stays null: ApexCharts leaves a gap there instead of drawing a zero.
        var series = new List<object>
        {
            new { name = SeriesName, type = "line", data = Points.Select(p => new { x = p.Label, y = p.Value, label = p.Text }).ToArray() },
        };
        var colors = new List<string> { LineColor };
        var widths = new List<int> { 3 };
        var dashes = new List<int> { 0 };
        var markers = new List<int> { 5 };
        if (HasTarget)
        {
            // The target as a dashed series rather than an annotation: it can differ by period, and apexcharts 4.7
            // drops annotations (and the only value) when the line has nothing before its last point.
            series.Add(new { name = TargetLabel, type = "line", data = Points.Select(p => new { x = p.Label, y = p.Target, label = p.TargetText }).ToArray() });
            colors.Add(TargetColor);
            widths.Add(2);
            dashes.Add(6);
            markers.Add(0);
        }
        if (Isolated().Any(i => i))
        {
            // A value with no neighbour draws no line, and apexcharts 4.7 leaves out its marker too: drawn again as a dot.
            var isolated = Isolated();
            series.Add(new { name = SeriesName, type = "scatter", data = Points.Select((p, i) => new { x = p.Label, y = isolated[i] ? p.Value : null, label = p.Text }).ToArray() });
            colors.Add(LineColor);
            widths.Add(0);
            dashes.Add(0);
            markers.Add(6);
        }
        _series = series;
        _colors = [.. colors];
        _options = Options(Scale(), widths, dashes, markers);
    }

    private bool[] Isolated() => Points.Select((p, i) => p.Value is not null
        && (i == 0 || Points[i - 1].Value is null)
        && (i == Points.Count - 1 || Points[i + 1].Value is null)).ToArray();

    private object Options(YScale y, List<int> widths, List<int> dashes, List<int> markers) => new
    {
        chart = new
        {
            type = "line",
            height = 300,
            fontFamily = "inherit",
            // Wall screens and touch tablets: nothing to zoom, pan or download.
            toolbar = new { show = false },
            zoom = new { enabled = false },
            animations = new { enabled = true, speed = 300, dynamicAnimation = new { enabled = true, speed = 300 } },
        },
        stroke = new { curve = "straight", width = widths, dashArray = dashes },
        markers = new { size = markers, hover = new { sizeOffset = 2 } },
        dataLabels = new { enabled = false },
        // The legend is written in the page (chart-legend): apexcharts would list the dots of lone values as a series.
        legend = new { show = false },
        grid = new { borderColor = "#e3e7ed" },
        xaxis = new { type = "category", tooltip = new { enabled = false } },
        yaxis = YAxis(y),
        tooltip = new { enabled = true, shared = false, intersect = true },
    };

    private object YAxis(YScale y)
    {
        var title = new { text = Unit ?? "" };
        // The names are read by charts.js, which turns them into a formatter: no function can cross interop.
        return AxisNames is { } names
            ? new { min = y.Min, max = y.Max, tickAmount = y.Ticks, decimalsInFloat = 0, title, labels = new { names } }
            : new { min = y.Min, max = y.Max, tickAmount = y.Ticks, decimalsInFloat = 0, title };
    }

    /// <summary>
    /// ApexCharts writes its y-axis ticks in JS ("97.5"), which a vi-VN reader takes for thousands, and no formatter
    /// can cross interop: the axis is laid out here so that every tick is a whole number, with the values and the
    /// targets in view, and no further from them than a step.
    /// </summary>
    private YScale Scale()
    {
        if (AxisNames is { Count: > 1 } names)
        {
            var first = names.ToList().FindIndex(n => n.Length > 0);
            return new YScale(first, names.Count - 1, Math.Max(1, names.Count - 1 - first));
        }
        var values = Points.SelectMany(p => new[] { p.Value, p.Target }).OfType<decimal>().ToList();
        if (values.Count == 0) return new YScale(0, 1, 1);
        var top = values.Max();
        var bottom = values.Min();
        if (YMax is { } cap) top = Math.Min(top, cap);
        try
        {
            // A flat line (one value, or all equal) still gets a band of one step around it.
            var step = NiceStep(Math.Max((top - bottom) / 8, top == bottom ? Math.Max(Math.Abs(top) / 10, 1) : 0));
            var min = Math.Floor(bottom / step) * step;
            if (min == bottom && bottom > 0) min -= step;
            var max = Math.Ceiling(top / step) * step;
            if (max == top && (YMax is not { } c || top < c)) max += step;
            if (YMax is { } ceiling && max > ceiling && ceiling % step == 0) max = ceiling;
            if (bottom >= 0 && min < 0) min = 0;
            return new YScale(min, max, Math.Max(1, (int)((max - min) / step)));
        }
        catch (OverflowException)
        {
            // Values near decimal's limit (a count of 7.9 × 10^28 stored before ingest bounded values) have no whole steps
            // to lay out: one tick from the lowest to the highest value still draws the page.
            return new YScale(bottom, top, 1);
        }
    }

    /// <summary>The smallest of 1, 2, 5, 10, 20, 50… at or above <paramref name="rough"/>, so at most 9 whole ticks.</summary>
    private static decimal NiceStep(decimal rough)
    {
        var step = 1m;
        while (step * 10 < rough) step *= 10;
        return rough <= step ? step : rough <= step * 2 ? step * 2 : rough <= step * 5 ? step * 5 : step * 10;
    }

    private sealed record YScale(decimal Min, decimal Max, int Ticks);
}
