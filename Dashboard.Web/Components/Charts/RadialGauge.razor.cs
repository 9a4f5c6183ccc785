using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// A radial gauge. The value text is drawn by Blazor over the chart, not by ApexCharts: it must be in vi-VN, and in
/// apexcharts 4.7 a radialBar with a dataLabels formatter stops updating (see charts.js).
/// </summary>
public partial class RadialGauge
{
    /// <summary>How full the gauge is, 0–100.</summary>
    [Parameter] public double Percent { get; set; }

    /// <summary>The text shown inside the gauge (the formatted value).</summary>
    [Parameter] public string Label { get; set; } = "";

    [Parameter] public string Color { get; set; } = "#9e9e9e";

    [Parameter] public string? AriaLabel { get; set; }

    private double[] Series => [Math.Round(Percent, 2)];

    private string[] Colors => [Color];

    // The same for every gauge: only the value and the colour change.
    private static readonly object GaugeOptions = new
    {
        chart = new
        {
            type = "radialBar",
            height = 170,
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
                track = new { background = "#e3e7ed" },
                dataLabels = new { show = false },
            },
        },
        tooltip = new { enabled = false },
        states = new { hover = new { filter = new { type = "none" } }, active = new { filter = new { type = "none" } } },
    };
}
