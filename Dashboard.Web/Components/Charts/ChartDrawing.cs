using System.Text.Json;
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

    /// <summary>
    /// What was sent to the browser, as JSON, to tell a real change from a re-render. It goes as one JSON string (charts.js
    /// parses it): each circuit's interop keeps serialiser metadata for every type it sends, and a string's is there anyway,
    /// where a JsonObject's (and its interfaces') cost every live page about 7 KB.
    /// </summary>
    private sealed record Drawing(string Options, string Series, string Colors)
    {
        public string Initial() => Write(writer =>
        {
            writer.WriteStartObject();
            WriteMembers(writer, Options);
            writer.WritePropertyName("series");
            writer.WriteRawValue(Series);
            if (Colors != "null")
            {
                writer.WritePropertyName("colors");
                writer.WriteRawValue(Colors);
            }
            writer.WriteEndObject();
        });

        // Colours ride with the options and values with the series: the two go through different ApexCharts calls.
        public string ChangeFrom(Drawing before) => Write(writer =>
        {
            writer.WriteStartObject();
            var options = Options != before.Options;
            var colors = Colors != before.Colors && Colors != "null";
            if (options || colors)
            {
                writer.WriteStartObject("options");
                if (options) WriteMembers(writer, Options);
                if (colors)
                {
                    writer.WritePropertyName("colors");
                    writer.WriteRawValue(Colors);
                }
                writer.WriteEndObject();
            }
            if (Series != before.Series)
            {
                writer.WritePropertyName("series");
                writer.WriteRawValue(Series);
            }
            writer.WriteEndObject();
        });

        private static void WriteMembers(Utf8JsonWriter writer, string json)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var member in document.RootElement.EnumerateObject()) member.WriteTo(writer);
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) write(writer);
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
