using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// The one Razor wrapper around ApexCharts (<c>wwwroot/js/charts.js</c>). The chart is created once after the first
/// render and then changed in place: what differs from the last drawing goes to the browser as one update, and the
/// chart is destroyed with the component, so long runs on the wall don't leak charts.
/// </summary>
public partial class ApexChart : IAsyncDisposable
{
    public const string ModulePath = "./js/charts.js";

    [Inject] public IJSRuntime JS { get; set; } = default!;

    /// <summary>ApexCharts options, without series and colours, as any JSON-serialisable object (anonymous types do).</summary>
    [Parameter] public object Options { get; set; } = new();

    /// <summary>The data: plain numbers for a radialBar, <c>[{ name, data }]</c> for axis charts.</summary>
    [Parameter] public object Series { get; set; } = Array.Empty<object>();

    [Parameter] public string[]? Colors { get; set; }

    [Parameter] public string? CssClass { get; set; }

    [Parameter] public string? AriaLabel { get; set; }

    private ElementReference _element;
    private IJSObjectReference? _module;
    private Drawing? _drawn;
    private bool _disposed;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_disposed)
            {
                await _module.DisposeAsync();
                return;
            }
        }
        // Renders that land while the module is still loading are covered by the first one, which draws what is
        // current when the module arrives.
        if (_module is null) return;

        var now = new Drawing(OptionsJson.GetValue(Options, Json), Json(Series), Json(Colors));
        var before = _drawn;
        if (now == before) return;
        // Recorded before the call, so a render that lands meanwhile compares with what is on its way.
        _drawn = now;
        if (before is null)
            await _module.InvokeVoidAsync("initialize", _element, now.Initial());
        else
            await _module.InvokeVoidAsync("update", _element, now.ChangeFrom(before));
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
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
