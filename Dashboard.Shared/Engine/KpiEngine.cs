using System.Collections.Concurrent;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Shared.Engine;

/// <summary>
/// Turns stored readings into one snapshot per (unit, KPI) and publishes what changed on the change bus.
/// Snapshots live in memory; the store is read only for the keys a write touched.
/// </summary>
public sealed class KpiEngine(
    KpiCatalog catalog,
    UnitDirectory units,
    IDbContextFactory<DashboardDbContext> dbFactory,
    KpiChangeBus bus,
    IOptions<DemoDataOptions> demo)
{
    private readonly ConcurrentDictionary<UnitKpi, KpiSnapshot> _snapshots = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private long _version;

    public KpiCatalog Catalog => catalog;
    public UnitDirectory Units => units;
    public bool DemoEnabled => demo.Value.Enabled;

    public KpiSnapshot Get(string unitCode, string kpiCode)
    {
        var key = new UnitKpi(unitCode, kpiCode);
        if (_snapshots.TryGetValue(key, out var s)) return s;
        var kpi = catalog.Find(kpiCode) ?? throw new KeyNotFoundException($"Unknown KPI '{kpiCode}'");
        return KpiSnapshot.Empty(unitCode, kpi);
    }

    /// <summary>Every KPI of the catalog for a unit, in catalog order ("no data" where nothing arrived).</summary>
    public IReadOnlyList<KpiSnapshot> ForUnit(string unitCode) =>
        catalog.Kpis.Select(k => Get(unitCode, k.Code)).ToList();

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

    /// <summary>Recomputes the given (unit, KPI) pairs from the store and publishes the snapshots that changed.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<UnitKpi> keys, CancellationToken ct = default)
    {
        if (keys.Count == 0) return;
        IReadOnlyList<KpiSnapshot> changed;
        // One refresh at a time keeps versions monotonic and publications in order.
        await _refreshLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var unitCodes = keys.Select(k => k.UnitCode).Distinct().ToList();
            var kpiCodes = keys.Select(k => k.KpiCode).Distinct().ToList();
            var readings = await ReadingsQuery(db)
                .Where(r => unitCodes.Contains(r.UnitCode) && kpiCodes.Contains(r.KpiCode))
                .ToListAsync(ct);
            var wanted = keys.ToHashSet();
            changed = await ComputeAsync(db, readings.Where(r => wanted.Contains(new(r.UnitCode, r.KpiCode))), ct, wanted);
        }
        finally
        {
            _refreshLock.Release();
        }
        bus.Publish(changed);
    }

    private IQueryable<Reading> ReadingsQuery(DashboardDbContext db) =>
        demo.Value.Enabled
            ? db.Readings.AsNoTracking()
            : db.Readings.AsNoTracking().Where(r => r.Source != Sources.Simulator);

    private async Task<IReadOnlyList<KpiSnapshot>> ComputeAsync(DashboardDbContext db, IEnumerable<Reading> readings,
        CancellationToken ct, IReadOnlySet<UnitKpi>? keys = null)
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

        var changed = new List<KpiSnapshot>();
        foreach (var (key, current, all) in chosen)
        {
            decimal? previous = history.TryGetValue(current.Id, out var h) ? h : ReadingSelection.PreviousPeriod(all, current)?.Value;
            changed.AddRange(Store(key, current, previous));
        }
        // Keys whose readings disappeared (e.g. only demo data, now switched off) fall back to "no data".
        foreach (var key in keys ?? new HashSet<UnitKpi>())
        {
            if (chosen.Any(c => c.Key == key)) continue;
            if (_snapshots.TryRemove(key, out var old))
                changed.Add(KpiSnapshot.Empty(key.UnitCode, old.Kpi) with { Version = Interlocked.Increment(ref _version) });
        }
        return changed;
    }

    private IEnumerable<KpiSnapshot> Store(UnitKpi key, Reading current, decimal? previous)
    {
        var kpi = catalog.Find(key.KpiCode)!;
        var next = new KpiSnapshot(
            key.UnitCode, kpi, current.Value,
            StatusRules.Evaluate(current.Value, kpi.Target, kpi.Amber),
            previous, StatusRules.TrendOf(previous, current.Value),
            current.Period, current.Source, current.Source == Sources.Simulator,
            new DateTimeOffset(current.UpdatedAt, TimeSpan.Zero), 0);

        if (_snapshots.TryGetValue(key, out var old) && old with { Version = 0 } == next) yield break;
        next = next with { Version = Interlocked.Increment(ref _version) };
        _snapshots[key] = next;
        yield return next;
    }
}

/// <summary>Which stored reading a KPI shows.</summary>
public static class ReadingSelection
{
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
