namespace Dashboard.Web.Components.Charts;

/// <summary>
/// The tiles' radial gauge, drawn through <see cref="ChartDrawing"/> by the tile itself: the value text is drawn by Blazor over
/// the chart, not by ApexCharts, because it must be in vi-VN and because in apexcharts 4.7 a radialBar with a dataLabels
/// formatter stops updating (see charts.js). Not a component of its own: a layer per gauge costs every live page a
/// component's render buffers 29 times over.
/// </summary>
public static class GaugeChart
{
    // The same for every gauge: only the value and the colour change. The tile sizes the box (app.css), the chart fills it.
    public static readonly object Options = Build(height: "100%", track: "#e3e7ed");

    /// <summary>The wall's gauges: dark track, filling a box the stylesheet sizes in vh so they scale from 1080p to 4K.</summary>
    public static readonly object WallOptions = Build(height: "100%", track: "#2b3a4f");

    private static object Build(object height, string track) => new
    {
        chart = new
        {
            type = "radialBar",
            height,
            sparkline = new { enabled = true },
            fontFamily = "inherit",
            animations = new { enabled = true, speed = 300, dynamicAnimation = new { enabled = true, speed = 300 } },
        },
        labels = new[] { "" },
        stroke = new { lineCap = "round" },
        plotOptions = new
        {
            radialBar = new
            {
                startAngle = -120,
                endAngle = 120,
                hollow = new { size = "60%" },
                track = new { background = track },
                dataLabels = new { show = false },
            },
        },
        tooltip = new { enabled = false },
        states = new { hover = new { filter = new { type = "none" } }, active = new { filter = new { type = "none" } } },
    };

    public static double[] Series(double percent) => [Math.Round(percent, 2)];
}
