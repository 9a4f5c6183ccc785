using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// One ApexCharts chart in the browser (<c>wwwroot/js/charts.js</c>), drawn into an element its owner renders: created
/// once after the owner's first render, then changed in place (what differs from the last drawing goes to the browser
/// as one update), and destroyed with the owner, so long runs on the wall don't leak charts. Not a component: the
/// tiles draw their gauges through it without a component per gauge, whose render buffers every live page would keep
/// 29 times over; <see cref="ApexChart"/> wraps it for the other charts.
/// </summary>
public sealed class ChartDrawing
{
    public const string ModulePath = "./js/charts.js";

    private IJSObjectReference? _module;
    private Drawing? _drawn;
    private bool _disposed;

    /// <summary>Loads the charts module; call on the owner's first render, before <see cref="DrawAsync"/>.</summary>
    public async Task LoadAsync(IJSRuntime js)
    {
        var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        if (_disposed)
        {
            await module.DisposeAsync();
            return;
        }
        _module = module;
    }

    /// <summary>
    /// Draws the chart or sends what changed. Renders that land while the module is still loading are covered by the
    /// first one, which draws what is current when the module arrives.
    /// </summary>
    /// <param name="options">ApexCharts options without series and colours, as any JSON-serialisable object.</param>
    /// <param name="series">Plain numbers for a radialBar, <c>[{ name, data }]</c> for axis charts.</param>
    public async Task DrawAsync(ElementReference element, object options, object series, string[]? colors)
    {
        if (_module is null) return;
        var now = new Drawing(OptionsJson.GetValue(options, Json), Json(series), Json(colors));
        var before = _drawn;
        if (now == before) return;
        // Recorded before the call, so a render that lands meanwhile compares with what is on its way.
        _drawn = now;
        if (before is null)
            await _module.InvokeVoidAsync("initialize", element, now.Initial());
        else
            await _module.InvokeVoidAsync("update", element, now.ChangeFrom(before));
    }

    public async ValueTask DisposeAsync(ElementReference element)
    {
        _disposed = true;
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("dispose", element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser dropped the chart with the page.
        }
    }

    // Options that are one shared object (every gauge's) are serialised once, and every chart keeps the same string.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> OptionsJson = new();

    // The same settings Blazor uses for interop, so what is compared is what is sent.
    private static string Json(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    /// <summary>What was sent to the browser, as JSON, to tell a real change from a re-render.</summary>
    private sealed record Drawing(string Options, string Series, string Colors)
    {
        public JsonObject Initial()
        {
            var options = JsonNode.Parse(Options)!.AsObject();
            options["series"] = JsonNode.Parse(Series);
            if (JsonNode.Parse(Colors) is { } colors) options["colors"] = colors;
            return options;
        }

        // Colours ride with the options and values with the series: the two go through different ApexCharts calls.
        public JsonObject ChangeFrom(Drawing before)
        {
            var options = Options == before.Options ? null : JsonNode.Parse(Options)!.AsObject();
            if (Colors != before.Colors && JsonNode.Parse(Colors) is { } colors) (options ??= [])["colors"] = colors;

            var change = new JsonObject();
            if (options is not null) change["options"] = options;
            if (Series != before.Series) change["series"] = JsonNode.Parse(Series);
            return change;
        }
    }
}
