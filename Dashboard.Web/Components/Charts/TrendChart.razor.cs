using Dashboard.Web.Components.Kpis;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// A KPI's value per period as a line, with its target as a dashed horizontal line. Updated in place when the
/// points change. Every text on it is written here in vi-VN: ApexCharts only gets finished labels.
/// </summary>
public partial class TrendChart
{
    [Parameter, EditorRequired] public IReadOnlyList<TrendPoint> Points { get; set; } = [];

    [Parameter] public decimal? Target { get; set; }

    /// <summary>The text on the target line, e.g. "Mục tiêu: ≥ 98%".</summary>
    [Parameter] public string TargetLabel { get; set; } = "";

    [Parameter] public string SeriesName { get; set; } = "";

    /// <summary>Written after each value ("98,5%") and over the y-axis.</summary>
    [Parameter] public string? Unit { get; set; }

    /// <summary>The top of the y-axis, e.g. 100 for a percentage; without it the axis ends just above the data.</summary>
    [Parameter] public decimal? YMax { get; set; }

    [Parameter] public string? AriaLabel { get; set; }

    private const string TargetColor = "#4a5563";
    private static readonly string[] LineColors = ["#0b4f8a"];

    private object _options = new();
    private object _series = Array.Empty<object>();

    protected override void OnParametersSet()
    {
        // Points as { x, y }: the period labels travel with the values, so new periods are only a series update.
        // A null y stays null: ApexCharts leaves a gap there instead of drawing a zero.
        _series = new[]
        {
            new { name = SeriesName, data = Points.Select(p => new { x = p.Label, y = p.Value, label = Text(p.Value) }).ToArray() },
        };
        _options = Options(Scale());
    }

    private object Options(YScale y) => new
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
        stroke = new { curve = "straight", width = 3 },
        markers = new { size = 5, hover = new { size = 7 } },
        dataLabels = new { enabled = false },
        legend = new { show = false },
        grid = new { borderColor = "#e3e7ed" },
        xaxis = new { type = "category", tooltip = new { enabled = false } },
        yaxis = new { min = y.Min, max = y.Max, tickAmount = y.Ticks, decimalsInFloat = 0, title = new { text = Unit ?? "" } },
        annotations = new
        {
            yaxis = Target is { } target
                ? new object[]
                {
                    new
                    {
                        y = target,
                        borderColor = TargetColor,
                        strokeDashArray = 6,
                        // On the left, over the oldest periods: on the right it would hide the latest value.
                        label = new
                        {
                            text = TargetLabel,
                            position = "left",
                            textAnchor = "start",
                            borderColor = TargetColor,
                            style = new { color = "#fff", background = TargetColor },
                        },
                    },
                }
                : [],
        },
        tooltip = new { enabled = true },
    };

    private string? Text(decimal? value) => value switch
    {
        null => null,
        { } v when Unit is null or "" => v.ToString("#,##0.##", KpiFormat.Vi),
        { } v when Unit == "%" => v.ToString("#,##0.##", KpiFormat.Vi) + "%",
        { } v => v.ToString("#,##0.##", KpiFormat.Vi) + " " + Unit,
    };

    /// <summary>
    /// ApexCharts writes its y-axis ticks in JS ("97.5"), which a vi-VN reader takes for thousands, and no formatter
    /// can cross interop: the axis is laid out here so that every tick is a whole number, with the target in view.
    /// </summary>
    private YScale Scale()
    {
        var values = Points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (Target is { } target) values.Add(target);
        var top = YMax ?? (values.Count > 0 ? values.Max() : 1);
        var bottom = values.Count > 0 ? Math.Min(values.Min(), top) : 0;
        try
        {
            var step = NiceStep((top - bottom) / 8);
            var min = Math.Floor(bottom / step) * step;
            var ticks = Math.Max(1, (int)Math.Ceiling((top - min) / step));
            return new YScale(min, min + ticks * step, ticks);
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
