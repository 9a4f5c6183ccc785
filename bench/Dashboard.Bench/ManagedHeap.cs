using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Dashboard.Bench;

/// <summary>
/// The managed heap of another .NET process after a full, blocking collection, read through its diagnostics port
/// (as dotnet-gcdump does, without the heap walk): an EventPipe session with the GCHeapCollect keyword makes the
/// runtime run an induced gen-2 GC, and its GCHeapStats event gives the bytes that survived it in each generation.
/// </summary>
public static class ManagedHeap
{
    public static async Task<long> AfterFullCollectionAsync(int pid, TimeSpan? timeout = null)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var induced = false;
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Clr.GCStart += e => induced |= e.Depth == 2 && e.Reason == GCReason.Induced;
        source.Clr.GCHeapStats += e =>
        {
            // What survived the collection in every generation: the live objects. The generations' sizes would also count the free
            // space between them, which varies with how the heap happened to be laid out (a wall soak's +10% of 28/11 was that).
            if (induced) heap.TrySetResult(e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4);
        };
        var reading = Task.Run(source.Process);
        try
        {
            return await heap.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        finally
        {
            session.Stop();
            await reading;
        }
    }
}
