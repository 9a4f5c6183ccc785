using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Jobs.Jobs;

/// <summary>
/// Turns records into the live figures of the gauges: for each unit, every KPI computed from records, for the KPI's own
/// default window (<see cref="KpiWindows.Default"/>), stored as a reading (source "records") and pushed through the engine like any other figure. Runs right
/// after an import touches a unit (never waiting for Hangfire), and every hour, because an open dossier turns late
/// with time alone. Idempotent: an unchanged figure changes nothing.
/// </summary>
public sealed class RecordFiguresJob(
    KpiCatalog catalog,
    UnitDirectory units,
    RecordCache records,
    ReadingIngestor ingestor,
    IOptions<ScoresOptions> options,
    TimeProvider time,
    ILogger<RecordFiguresJob> logger)
{
    public const string JobId = "record-figures";
    private readonly SemaphoreSlim _gate = new(1, 1);

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Tính chỉ số từ hồ sơ / KPIs from records")]
    public async Task RunAsync(CancellationToken ct) =>
        // The cache is loaded at start-up and reloaded by every writer of records (imports, demo data): only time moved.
        await PublishAsync(units.All.Select(u => u.Code), ct);

    /// <summary>
    /// Called after records of some units were stored: reload them and publish their figures, and those of the units they
    /// were merged into, whose figures count them.
    /// </summary>
    public async Task RefreshAsync(IEnumerable<string> unitCodes, CancellationToken ct = default)
    {
        var list = unitCodes.Distinct().ToList();
        if (list.Count == 0) return;
        await records.ReloadAsync(list, ct);
        await PublishAsync(list.Concat(list.SelectMany(Successors)).Distinct(), ct);
    }

    /// <summary>
    /// The same after an import, which knows what it changed: the changed records are merged into the cache instead of
    /// the units being read back (<see cref="RecordCache.MergeAsync"/>).
    /// </summary>
    /// <param name="source">The feed the records were stored under.</param>
    public async Task RefreshAsync(IEnumerable<string> unitCodes, string source, StoredChanges changes, CancellationToken ct = default)
    {
        var list = unitCodes.Distinct().ToList();
        if (list.Count == 0) return;
        await records.MergeAsync(source, changes, ct);
        await PublishAsync(list.Concat(list.SelectMany(Successors)).Distinct(), ct);
    }

    /// <summary>After a merger: the successor's figures, now counting its predecessors' records.</summary>
    public Task PublishAsync(string unitCode, CancellationToken ct = default) => PublishAsync([unitCode], ct);

    private IEnumerable<string> Successors(string code)
    {
        for (var next = units.SuccessorOf(code); next is { } s; next = units.SuccessorOf(s.Successor.Code))
            yield return s.Successor.Code;
    }

    private async Task PublishAsync(IEnumerable<string> unitCodes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.Today(time);
        var batch = new List<ReadingInput>();
        foreach (var unit in unitCodes)
        {
            var facts = records.For(unit);
            foreach (var kpi in catalog.Kpis)
            {
                if (Measures.ForKpi(kpi.Code) is not { } measure || !facts.Has(measure.Kind)) continue;
                // Each KPI for its own default window (the year to date, or the whole last year in January), stored under
                // that window's period: the tile names it, and a tap opens the detail on it.
                var window = KpiWindows.Default(kpi.Window, options.Value.CutOff, today);
                var period = window.PeriodKey ?? throw new InvalidOperationException($"KPI {kpi.Code}: window {kpi.Window} has no reading period.");
                var figure = Figures.Of(kpi, facts, ReadingBook.Empty, window, now);
                // Too few records to judge: publish nothing, so the tile keeps the last figure that could be judged (with
                // its own period) or says "no data", instead of a share of two dossiers.
                if (figure.Value is not { } value || figure.Insufficient) continue;
                // Figures from demo records are demo figures, labelled and dropped like the rest of the demo data.
                var source = facts.IsDemo(measure.Kind) ? Sources.Simulator : ReadingBook.RecordsSource;
                batch.Add(new ReadingInput(unit, kpi.Code, period, source, Math.Round(value, 2, MidpointRounding.AwayFromZero)));
            }
        }
        // One publisher at a time keeps the order of figures the order of their records.
        await _gate.WaitAsync(ct);
        try
        {
            var result = await ingestor.IngestValidAsync(batch, external: false, ct);
            if (!result.Ok)
                logger.LogWarning("Figures from records refused: {Errors}", string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        finally
        {
            _gate.Release();
        }
    }
}
