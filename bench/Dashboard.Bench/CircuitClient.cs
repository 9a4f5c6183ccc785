using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Bench;

/// <summary>
/// One live dashboard without a browser: loads the page over HTTP, then opens its Blazor Server circuit over
/// SignalR exactly as blazor.web.js does, and keeps it alive. Render batches are acknowledged but never applied;
/// JS calls (the gauge module) are answered "done" at once. What it measures is the server, not a browser.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly List<(byte[] Text, TaskCompletionSource<long> Shown)> _watches = [];
    private readonly TaskCompletionSource _firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextJsObjectId;
    private int _batches;
    private int _jsCalls;

    private CircuitClient(HubConnection hub) => _hub = hub;

    /// <summary>Render batches received so far.</summary>
    public int Batches => _batches;

    /// <summary>JS calls the server made (import, gauge create/update, Blazor's own).</summary>
    public int JsCalls => _jsCalls;

    /// <summary>What the server reported through JS.Error, or why the connection closed.</summary>
    public string? Error { get; private set; }

    /// <param name="signIn">The sign-in cookie to present, as a signed-in browser would.</param>
    public static async Task<CircuitClient> OpenAsync(Uri address, CookieContainer signIn, string path = "", TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var ct = cts.Token;

        // 1. The page, prerendered, with the cookies a browser would keep (antiforgery, culture).
        var cookies = new CookieContainer();
        cookies.Add(signIn.GetCookies(address));
        string html;
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = address })
            html = await http.GetStringAsync(path, ct);
        var (operations, state) = RootComponents(html);

        // 2. The circuit hub, in the browser's protocol.
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "_blazor"), HttpTransportType.WebSockets, o => o.Cookies = cookies);
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var hub = builder.Build();
        var client = new CircuitClient(hub);
        client.Listen();
        try
        {
            await hub.StartAsync(ct);
            // Blazor Web Apps start the circuit with no components, then add the prerendered ones by their markers;
            // the first UpdateRootComponents carries the prerendered state, like StartCircuit.
            var secret = await hub.InvokeAsync<string?>("StartCircuit", address.ToString(), new Uri(address, path).ToString(), "[]", state, ct);
            if (secret is null) throw new InvalidOperationException("StartCircuit refused: " + client.Error);
            await hub.SendAsync("UpdateRootComponents", operations, state, ct);
            await client._firstBatch.Task.WaitAsync(ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp of the first render batch that carries <paramref name="text"/>.</summary>
    public Task<long> WhenShown(string text)
    {
        var shown = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_watches) _watches.Add((Encoding.UTF8.GetBytes(text), shown));
        return shown.Task;
    }

    private void Listen()
    {
        // 3. What the server sends. The render batch's string table is UTF-8, so a value the page shows is in the bytes.
        _hub.On<long, byte[]>("JS.RenderBatch", async (batchId, batch) =>
        {
            var at = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _batches);
            lock (_watches)
            {
                _watches.RemoveAll(w =>
                {
                    if (batch.AsSpan().IndexOf(w.Text) < 0) return false;
                    w.Shown.TrySetResult(at);
                    return true;
                });
            }
            await _hub.SendAsync("OnRenderCompleted", batchId, null);
            _firstBatch.TrySetResult();
        });

        // (asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType), as DotNet.jsCallDispatcher takes them.
        _hub.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", async (asyncHandle, _, _, resultType, _, _) =>
        {
            Interlocked.Increment(ref _jsCalls);
            if (asyncHandle == 0) return; // fire and forget
            // JSCallResultType: 0 Default, 1 JSObjectReference (e.g. import()), 2 JSStreamReference, 3 JSVoidResult.
            var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObjectId)}}}" : "null";
            await _hub.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
        });

        _hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        _hub.On<string>("JS.Error", error =>
        {
            Error = error;
            _firstBatch.TrySetException(new InvalidOperationException("The circuit failed: " + error));
        });
        _hub.Closed += ex =>
        {
            Error ??= "connection closed" + (ex is null ? "" : ": " + ex.Message);
            _firstBatch.TrySetException(new InvalidOperationException(Error));
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// The operations blazor.web.js sends for the prerendered server components: one "add" per
    /// <c>&lt;!--Blazor:{"type":"server",…}--&gt;</c> start marker, in sequence order, the marker as written in the
    /// page plus its uniqueId; and the persisted component state from <c>&lt;!--Blazor-Server-Component-State:…--&gt;</c>.
    /// </summary>
    public static (string Operations, string State) RootComponents(string html)
    {
        var markers = Marker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server") // end markers carry only the prerenderId
            .OrderBy(m => (int)m["sequence"]!)
            .ToList();
        if (markers.Count == 0) throw new InvalidOperationException("The page has no interactive server components.");
        var operations = new JsonArray();
        for (var i = 0; i < markers.Count; i++)
        {
            markers[i]["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = markers[i] });
        }
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations };
        return (batch.ToJsonString(), State().Match(html) is { Success: true } s ? s.Groups["state"].Value : "");
    }

    [GeneratedRegex(@"<!--Blazor:(?<json>\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(?<state>[A-Za-z0-9+/=]+)-->")]
    private static partial Regex State();

    public async ValueTask DisposeAsync()
    {
        lock (_watches)
        {
            foreach (var w in _watches) w.Shown.TrySetCanceled();
            _watches.Clear();
        }
        await _hub.DisposeAsync();
    }
}
