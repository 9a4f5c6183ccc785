using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Jobs.Feeds;

/// <summary>
/// Demo figures for every KPI of every commune, marked source = simulator. KPIs computed from records come from the
/// demo records; the others are simulated: the first run fills each, later runs nudge a few so the gauges move.
/// </summary>
public sealed class SimulatorFeed(
    KpiCatalog catalog,
    UnitDirectory units,
    IDbContextFactory<DashboardDbContext> dbFactory,
    ReadingIngestor ingestor,
    DemoRecords demoRecords,
    RecordCache records,
    IOptions<DemoDataOptions> options,
    TimeProvider time) : IFeedAdapter
{
    public const string FeedId = Sources.Simulator;

    public string Kind => FeedKinds.Simulator;

    public Task<FeedRunResult> RunAsync(FeedRow feed, CancellationToken ct) => RunAsync(ct);

    public async Task<FeedRunResult> RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return new FeedRunResult(0, 0, []);
        // Records first: KPIs computed from demo records are not simulated on top of them.
        await demoRecords.RunAsync(ct);
        var today = VietnamTime.Today(time);
        var month = ReportingPeriod.MonthOf(today).Key;
        var year = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.Readings.AsNoTracking()
            .Where(r => r.Source == Sources.Simulator && (r.Period == month || r.Period == year))
            .ToDictionaryAsync(r => (r.UnitCode, r.KpiCode, r.Period), r => r.Value, ct);

        var random = Random.Shared;
        var batch = new List<ReadingInput>();
        foreach (var unit in units.Communes)
        {
            var nudged = catalog.Kpis.OrderBy(_ => random.Next()).Take(options.Value.ChangesPerRun).ToHashSet();
            var facts = records.For(unit.Code);
            foreach (var kpi in catalog.Kpis)
            {
                if (Measures.ForKpi(kpi.Code) is { } measure && facts.Has(measure.Kind)) continue;
                var period = IsYearly(kpi) ? year : month;
                var hasValue = current.TryGetValue((unit.Code, kpi.Code, period), out var value);
                if (hasValue && !nudged.Contains(kpi)) continue;
                var next = hasValue ? Nudge(kpi, value, random) : Initial(kpi, random);
                batch.Add(new ReadingInput(unit.Code, kpi.Code, period, Sources.Simulator, next));
            }
        }
        var result = await ingestor.IngestAsync(batch, external: false, ct);
        // Demo values change every few seconds; a day of their history is plenty for the trend arrows.
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-1);
        await db.ReadingHistory
            .Where(h => h.ReplacedAt < cutoff && db.Readings.Any(r => r.Id == h.ReadingId && r.Source == Sources.Simulator))
            .ExecuteDeleteAsync(ct);
        if (!result.Ok)
            throw new InvalidOperationException("Simulator produced invalid readings: " +
                string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return new FeedRunResult(result.Accepted, result.Changed, []);
    }

    /// <summary>Counts of a year (articles, monitoring activities, violations) and rankings are yearly figures.</summary>
    private static bool IsYearly(KpiDefinition kpi) => kpi.Unit is KpiUnit.Count or KpiUnit.Band;

    private static decimal Initial(KpiDefinition kpi, Random random)
    {
        var (low, high) = Range(kpi);
        return Round(kpi, low + (decimal)random.NextDouble() * (high - low));
    }

    private static decimal Nudge(KpiDefinition kpi, decimal value, Random random)
    {
        var (low, high) = Range(kpi);
        var step = kpi.Unit switch
        {
            KpiUnit.Count or KpiUnit.Band => random.Next(-1, 2),
            _ => (decimal)(random.NextDouble() * 2 - 1) * Math.Max(0.5m, (high - low) / 8),
        };
        var next = Round(kpi, Math.Clamp(value + step, low, high));
        return next == value && kpi.Unit == KpiUnit.Percent ? Round(kpi, Math.Clamp(value + (value > low ? -0.5m : 0.5m), low, high)) : next;
    }

    /// <summary>Plausible ranges around each target, so the demo shows every status colour.</summary>
    private static (decimal Low, decimal High) Range(KpiDefinition kpi) => (kpi.Unit, kpi.Target) switch
    {
        (KpiUnit.Band, _) => (2, 5),
        (KpiUnit.Count, { Op: TargetOperator.Le or TargetOperator.Lt } t) => (t.Value, t.Value + 2),
        (KpiUnit.Count, { } t) => (Math.Max(0, t.Value / 2), t.Value * 1.3m),
        (KpiUnit.Count, null) => (0, 20),
        (KpiUnit.Percent, { Op: TargetOperator.Lt or TargetOperator.Le, Value: < 50 } t) => (0, t.Value * 2.2m),
        (KpiUnit.Percent, { Op: TargetOperator.Lt or TargetOperator.Le } t) => (t.Value - 15, Math.Min(100, t.Value + 8)),
        (KpiUnit.Percent, { } t) => (Math.Max(0, Math.Min(t.Value, kpi.Amber ?? t.Value) - 12), Math.Min(100, t.Value + 10)),
        (KpiUnit.Percent, null) => (20, 90),
        _ => (0, 100),
    };

    private static decimal Round(KpiDefinition kpi, decimal v) =>
        kpi.Unit is KpiUnit.Count or KpiUnit.Band ? Math.Round(v) : Math.Round(v, 1);
}
