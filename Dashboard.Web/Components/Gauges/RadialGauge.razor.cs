using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Gauges;

/// <summary>
/// An ApexCharts radial gauge. One chart per component: created once after the first render, updated in place
/// when the value changes, destroyed with the component, so long runs on the wall don't leak charts.
/// </summary>
public partial class RadialGauge : IAsyncDisposable
{
    public const string ModulePath = "./js/gauge.js";

    [Inject] public IJSRuntime JS { get; set; } = default!;

    /// <summary>How full the gauge is, 0–100.</summary>
    [Parameter] public double Percent { get; set; }

    /// <summary>The text shown inside the gauge (the formatted value).</summary>
    [Parameter] public string Label { get; set; } = "";

    [Parameter] public string Color { get; set; } = "#9e9e9e";

    [Parameter] public string? AriaLabel { get; set; }

    private ElementReference _element;
    private IJSObjectReference? _module;
    private GaugeState? _drawn;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var state = new GaugeState(Math.Round(Percent, 2), Color);
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("create", _element, state);
            _drawn = state;
        }
        else if (_module is not null && state != _drawn)
        {
            await _module.InvokeVoidAsync("update", _element, state);
            _drawn = state;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("dispose", _element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser dropped the chart with the page.
        }
        GC.SuppressFinalize(this);
    }

    public sealed record GaugeState(double Percent, string Color);
}
