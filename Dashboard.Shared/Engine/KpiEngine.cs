using System.Collections.Concurrent;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Shared.Engine;

/// <summary>
/// Turns stored readings into one snapshot per (unit, KPI) and publishes what changed on the change bus.
/// Snapshots live in memory: filled from the store at start-up, then kept up to date from each stored change.
/// </summary>
public sealed class KpiEngine(
    KpiCatalog catalog,
    UnitDirectory units,
    IDbContextFactory<DashboardDbContext> dbFactory,
    KpiChangeBus bus,
    IOptions<DemoDataOptions> demo,
    NodeBus? nodes = null,
    PlanBook? plans = null,
    TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<UnitKpi, KpiSnapshot> _snapshots = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private long _version;

    public KpiCatalog Catalog => catalog;

    /// <summary>The plan in force this year (in Vietnam): its KPIs are the tiles; the shipped catalog without plans.</summary>
    public KpiCatalog Plan => plans?.For(VietnamTime.Today(time ?? TimeProvider.System).Year) ?? catalog;
    public UnitDirectory Units => units;
    public bool DemoEnabled => demo.Value.Enabled;

    public KpiSnapshot Get(string unitCode, string kpiCode)
    {
        var key = new UnitKpi(unitCode, kpiCode);
        if (_snapshots.TryGetValue(key, out var s)) return s;
        var kpi = catalog.Find(kpiCode) ?? throw new KeyNotFoundException($"Unknown KPI '{kpiCode}'");
        return KpiSnapshot.Empty(unitCode, Plan.Find(kpiCode) ?? kpi);
    }

    /// <summary>Every KPI of this year's plan for a unit, in catalog order ("no data" where nothing arrived).</summary>
    public IReadOnlyList<KpiSnapshot> ForUnit(string unitCode) =>
        Plan.Kpis.Select(k => Get(unitCode, k.Code)).ToList();

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var readings = await ReadingsQuery(db).ToListAsync(ct);
            _snapshots.Clear();
            await ComputeAsync(db, readings, ct);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>
    /// Reads everything again (after this node missed what others told it, e.g. while Redis was away) and shows it.
    /// </summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await InitializeAsync(ct);
        bus.Publish(_snapshots.Values.ToList(), fromThisNode: false);
    }

    /// <summary>
    /// Applies stored changes to the snapshots in memory and publishes the snapshots that changed; no store round trip.
    /// A change is shown when it is the reading already shown (a new value) or outranks it (<see cref="ReadingSelection"/>).
    /// Changes this node stored are told to the other nodes, which apply them the same way.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<ReadingChange> changes, CancellationToken ct = default, bool fromOtherNode = false)
    {
        if (changes.Count == 0) return;
        if (!fromOtherNode) nodes?.Tell(new ReadingsStored(changes));
        var changed = new Dictionary<UnitKpi, KpiSnapshot>();
        // One writer at a time keeps versions monotonic and publications in order.
        await _refreshLock.WaitAsync(ct);
        try
        {
            foreach (var change in changes)
            {
                if (change.Source == Sources.Simulator && !demo.Value.Enabled) continue;
                var kpi = catalog.Find(change.KpiCode);
                if (kpi is null) continue;
                var key = change.Target;
                // A batch holds many readings of few KPIs: the shared map is written once per KPI, after the batch.
                var current = changed.GetValueOrDefault(key) ?? _snapshots.GetValueOrDefault(key);
                var sameReading = current is not null && current.Period == change.Period && current.Source == change.Source;
                if (current is not null && !sameReading && !ReadingSelection.Outranks(change.Source, change.Period, current.Source!, current.Period!))
                    continue;
                var previous = sameReading ? change.OldValue : current?.Value;
                var next = Snapshot(key, kpi, change.Value, previous, change.Period, change.Source, change.UpdatedAt);
                changed[key] = next;
            }
            foreach (var (key, next) in changed) _snapshots[key] = next;
        }
        finally
        {
            _refreshLock.Release();
        }
        bus.Publish(changed.Values.ToList(), fromThisNode: !fromOtherNode);
    }

    private IQueryable<Reading> ReadingsQuery(DashboardDbContext db) =>
        demo.Value.Enabled
            ? db.Readings.AsNoTracking()
            : db.Readings.AsNoTracking().Where(r => r.Source != Sources.Simulator);

    private async Task ComputeAsync(DashboardDbContext db, IEnumerable<Reading> readings, CancellationToken ct)
    {
        var chosen = readings
            .GroupBy(r => new UnitKpi(r.UnitCode, r.KpiCode))
            .Where(g => catalog.Find(g.Key.KpiCode) is not null)
            .Select(g => (Key: g.Key, Current: ReadingSelection.Choose(g), All: g.ToList()))
            .ToList();

        var ids = chosen.Select(c => c.Current.Id).ToList();
        var history = (await db.ReadingHistory.AsNoTracking()
                .Where(h => ids.Contains(h.ReadingId))
                .Select(h => new { h.ReadingId, h.Value, h.ReplacedAt })
                .ToListAsync(ct))
            .GroupBy(h => h.ReadingId)
            .ToDictionary(g => g.Key, g => g.MaxBy(h => h.ReplacedAt)!.Value);

        foreach (var (key, current, all) in chosen)
        {
            decimal? previous = history.TryGetValue(current.Id, out var h) ? h : ReadingSelection.PreviousPeriod(all, current)?.Value;
            _snapshots[key] = Snapshot(key, catalog.Find(key.KpiCode)!, current.Value, previous, current.Period, current.Source, current.UpdatedAt);
        }
    }

    /// <summary>
    /// A reading is judged against the target for its own period (a month's articles against a month's share), as the plan
    /// in force in the period's year sets it: last year's figure keeps last year's target.
    /// </summary>
    private KpiDefinition Judged(KpiDefinition kpi, string period) =>
        plans is not null && ReportingPeriod.TryParse(period, out var p) ? plans.Kpi(kpi, p.Start.Year) : kpi;

    private static KpiStatus StatusOf(KpiDefinition kpi, decimal value, string period) =>
        ReportingPeriod.TryParse(period, out var p)
            ? StatusRules.Evaluate(value, kpi.Target, kpi.Amber, p.Start, p.End)
            : StatusRules.Evaluate(value, kpi.Target, kpi.Amber);

    private KpiSnapshot Snapshot(UnitKpi key, KpiDefinition kpi, decimal value, decimal? previous, string period, string source,
        DateTime updatedAt)
    {
        var judged = Judged(kpi, period);
        return new(key.UnitCode, judged, value, StatusOf(judged, value, period),
            previous, StatusRules.TrendOf(previous, value), period, source, source == Sources.Simulator,
            new DateTimeOffset(updatedAt, TimeSpan.Zero), Interlocked.Increment(ref _version));
    }
}

/// <summary>Which stored reading a KPI shows.</summary>
public static class ReadingSelection
{
    /// <summary>
    /// Whether a reading that has just changed should be shown instead of the one shown now (which is older):
    /// real sources win over demo data, and a later or equal period wins within the same kind.
    /// </summary>
    public static bool Outranks(string source, string period, string currentSource, string currentPeriod)
    {
        var demo = source == Sources.Simulator;
        var currentDemo = currentSource == Sources.Simulator;
        if (demo != currentDemo) return !demo;
        return PeriodEnd(period) >= PeriodEnd(currentPeriod);
    }

    /// <summary>
    /// Real sources win over demo data for the same KPI; then the latest period; then the latest update.
    /// </summary>
    public static Reading Choose(IEnumerable<Reading> readings)
    {
        var list = readings.ToList();
        var real = list.Where(r => r.Source != Sources.Simulator).ToList();
        var pool = real.Count > 0 ? real : list;
        return pool
            .OrderByDescending(r => PeriodEnd(r.Period))
            .ThenByDescending(r => r.UpdatedAt)
            .ThenByDescending(r => r.Id)
            .First();
    }

    public static Reading? PreviousPeriod(IEnumerable<Reading> readings, Reading current) =>
        readings
            .Where(r => r.Source == current.Source && PeriodEnd(r.Period) < PeriodEnd(current.Period))
            .OrderByDescending(r => PeriodEnd(r.Period))
            .FirstOrDefault();

    private static DateOnly PeriodEnd(string period) =>
        Time.ReportingPeriod.TryParse(period, out var p) ? p.End : DateOnly.MinValue;
}
