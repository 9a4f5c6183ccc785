using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// The Razor wrapper around ApexCharts for charts that are a component of their own (the trend); the tiles' gauges draw
/// through <see cref="ChartDrawing"/> directly.
/// </summary>
public partial class ApexChart : IAsyncDisposable
{
    public const string ModulePath = ChartDrawing.ModulePath;

    [Inject] public IJSRuntime JS { get; set; } = default!;

    /// <summary>ApexCharts options, without series and colours, as any JSON-serialisable object (anonymous types do).</summary>
    [Parameter] public object Options { get; set; } = new();

    /// <summary>The data: plain numbers for a radialBar, <c>[{ name, data }]</c> for axis charts.</summary>
    [Parameter] public object Series { get; set; } = Array.Empty<object>();

    [Parameter] public string[]? Colors { get; set; }

    [Parameter] public string? CssClass { get; set; }

    [Parameter] public string? AriaLabel { get; set; }

    private ElementReference _element;
    private readonly ChartDrawing _chart = new();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) await _chart.LoadAsync(JS);
        await _chart.DrawAsync(_element, Options, Series, Colors);
    }

    public async ValueTask DisposeAsync()
    {
        await _chart.DisposeAsync(_element);
        GC.SuppressFinalize(this);
    }
}
