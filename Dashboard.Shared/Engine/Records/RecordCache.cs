using System.Collections.Concurrent;
using System.Collections.Immutable;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Shared.Engine.Records;

/// <summary>
/// The stored records of every unit, read into facts once and kept in memory, so recomputing a period or a score
/// never goes back to the store. What an import changed is merged into its units (<see cref="MergeAsync"/>); other writers
/// have a unit reloaded whole. A stored row that cannot be read (a date no calendar holds, broken JSON) is left out and
/// logged: it must never stop the start-up or a unit's figures.
/// </summary>
public sealed class RecordCache(IDbContextFactory<DashboardDbContext> dbFactory, IOptions<DemoDataOptions> demo, NodeBus? nodes = null,
    ILogger<RecordCache>? logger = null, UnitDirectory? directory = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RecordCache>.Instance;

    private ImmutableDictionary<string, UnitRecords> _units = ImmutableDictionary<string, UnitRecords>.Empty;
    private readonly SemaphoreSlim _loadLock = new(1, 1);

    // Under _loadLock: the latest UpdatedAt of the rows each unit's facts were built from (merges included), and whether
    // every unit has been loaded (a unit missing from _newest then has no rows at all).
    private readonly Dictionary<string, DateTime> _newest = new(StringComparer.Ordinal);
    private bool _loadedAll;

    /// <summary>
    /// The records a unit's figures count: its own and, for a unit formed by a merger, those of every unit merged into it
    /// (the predecessors keep their own under their own codes, <see cref="Own"/>).
    /// </summary>
    public UnitRecords For(string unitCode)
    {
        var predecessors = directory?.Predecessors(unitCode) ?? [];
        if (predecessors.Count == 0) return Own(unitCode);
        var (units, version) = (_units, directory!.Version);
        // Built once per load of the records and version of the map, so its measures are remembered like any unit's.
        if (_merged.TryGetValue(unitCode, out var known) && ReferenceEquals(known.Units, units) && known.Version == version) return known.Records;
        var merged = UnitRecords.Merge(unitCode, [Own(unitCode), .. predecessors.Select(Own)], predecessors);
        _merged[unitCode] = new Merged(units, version, merged);
        return merged;
    }

    /// <summary>The records stored under this unit's own code.</summary>
    public UnitRecords Own(string unitCode) => _units.GetValueOrDefault(unitCode) ?? UnitRecords.Empty(unitCode);

    private readonly ConcurrentDictionary<string, Merged> _merged = new(StringComparer.Ordinal);

    private sealed record Merged(ImmutableDictionary<string, UnitRecords> Units, long Version, UnitRecords Records);

    public IEnumerable<string> UnitsWithRecords => _units.Keys;

    public async Task LoadAllAsync(CancellationToken ct = default) => await LoadAsync(null, ct);

    /// <summary>Reloads units after their records were stored; other nodes are told to do the same unless they asked.</summary>
    public async Task ReloadAsync(IEnumerable<string> unitCodes, CancellationToken ct = default, bool fromOtherNode = false)
    {
        var units = unitCodes.Distinct().ToList();
        await LoadAsync(units, ct);
        if (!fromOtherNode) nodes?.Tell(new RecordsStored(units));
    }

    /// <summary>
    /// After an import stored records: what it changed is merged into its units' facts, giving what a reload would build
    /// without reading every record of the units back (100,000 of them took longer to read back than to store). A unit is
    /// read back instead when a merge might not give the same: it was never loaded, the writer is the demo simulator (its
    /// records give way to real ones), or the write is not later than every row the unit was built from (a clock set back,
    /// another writer first), so a changed record might not be the latest version of its key. Other nodes are told to
    /// reload, as after <see cref="ReloadAsync"/>.
    /// </summary>
    /// <param name="source">The feed the records were stored under.</param>
    public async Task MergeAsync(string source, StoredChanges changes, CancellationToken ct = default)
    {
        var units = changes.Records.Select(r => r.UnitCode).Distinct().ToList();
        if (units.Count == 0) return;
        // Read before taking the lock: a large import's facts take a while, and nothing here depends on the cache.
        var facts = changes.Records.GroupBy(r => r.UnitCode).ToDictionary(g => g.Key, g => ReadChanges(g.Key, source, g));
        await _loadLock.WaitAsync(ct);
        try
        {
            var reload = new List<string>();
            var builder = _units.ToBuilder();
            foreach (var (unit, changed) in facts)
            {
                var known = _newest.TryGetValue(unit, out var newest) || _loadedAll;
                if (!known || source == Sources.Simulator || changes.At <= newest) reload.Add(unit);
                else builder[unit] = (builder.GetValueOrDefault(unit) ?? UnitRecords.Empty(unit)).With(changed);
            }
            _units = builder.ToImmutable();
            foreach (var unit in facts.Keys.Except(reload)) _newest[unit] = changes.At;
            if (reload.Count > 0) await LoadLockedAsync(reload, ct);
        }
        finally
        {
            _loadLock.Release();
        }
        nodes?.Tell(new RecordsStored(units));
    }

    private List<(string Kind, string Key, object? Fact)> ReadChanges(string unit, string source, IEnumerable<RecordInput> records)
    {
        var skipped = 0;
        var facts = new List<(string Kind, string Key, object? Fact)>();
        foreach (var r in records) facts.Add((r.Kind, r.RecordKey, ReadFact(unit, source, r.Kind, r.RecordKey, r.DataJson, ref skipped)));
        if (skipped > 0) _logger.LogWarning("{Count} stored records of {Unit} cannot be read and are left out of the figures", skipped, unit);
        return facts;
    }

    private async Task LoadAsync(List<string>? unitCodes, CancellationToken ct)
    {
        await _loadLock.WaitAsync(ct);
        try
        {
            await LoadLockedAsync(unitCodes, ct);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task LoadLockedAsync(List<string>? unitCodes, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Records.AsNoTracking();
        if (!demo.Value.Enabled) query = query.Where(r => r.Source != Sources.Simulator);
        if (unitCodes is not null) query = query.Where(r => unitCodes.Contains(r.UnitCode));
        var rows = new Dictionary<string, List<Row>>();
        await foreach (var r in query.Select(r => new Row(r.Id, r.UnitCode, r.Kind, r.RecordKey, r.Source, r.DataJson, r.UpdatedAt)).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!rows.TryGetValue(r.UnitCode, out var list)) rows[r.UnitCode] = list = [];
            list.Add(r);
        }

        var builder = (unitCodes is null ? ImmutableDictionary<string, UnitRecords>.Empty : _units).ToBuilder();
        if (unitCodes is null) _newest.Clear();
        foreach (var code in unitCodes ?? [])
        {
            builder.Remove(code);
            _newest[code] = DateTime.MinValue;
        }
        foreach (var (unit, list) in rows)
        {
            builder[unit] = Build(unit, list);
            _newest[unit] = list.Max(r => r.UpdatedAt);
        }
        _units = builder.ToImmutable();
        if (unitCodes is null) _loadedAll = true;
    }

    /// <summary>
    /// Two feeds may deliver the same record: the latest update wins, and of two stored at the same instant the row created
    /// last (a figure must not depend on the order the store returns rows in). So do two spellings of one key stored before
    /// keys had one ("hs-1" and "HS-1"). Demo records of a kind give way as soon as a real source delivers that kind.
    /// </summary>
    private UnitRecords Build(string unit, List<Row> rows)
    {
        var realKinds = rows.Where(r => r.Source != Sources.Simulator).Select(r => r.Kind).ToHashSet();
        var chosen = rows
            .Where(r => r.Source != Sources.Simulator || !realKinds.Contains(r.Kind))
            .GroupBy(r => (r.Kind, Key: Identifier.Normalize(r.Key)))
            .Select(g => (g.Key.Key, Row: g.MaxBy(r => (r.UpdatedAt, r.Id))!));
        var demoKinds = rows.Select(r => r.Kind).Where(k => !realKinds.Contains(k)).ToHashSet();
        var facts = new List<object>();
        var skipped = 0;
        foreach (var (key, row) in chosen)
            if (ReadFact(unit, row.Source, row.Kind, key, row.Json, ref skipped) is { } fact) facts.Add(fact);
        if (skipped > 0) _logger.LogWarning("{Count} stored records of {Unit} cannot be read and are left out of the figures", skipped, unit);
        return new UnitRecords(unit, facts, demoKinds);
    }

    /// <summary>A record's fact, or null when it has none or cannot be read (logged, the first 20 of a unit).</summary>
    private object? ReadFact(string unit, string source, string kind, string key, string json, ref int skipped)
    {
        try
        {
            return RecordFactReader.Read(kind, key, json);
        }
        catch (Exception ex)
        {
            // Reading a fact is pure parsing: whatever it throws is about this row alone.
            if (skipped++ < 20)
                _logger.LogWarning(ex, "Stored record {Kind} {Key} of {Unit} from {Source} cannot be read and is left out of the figures",
                    kind, key, unit, source);
            return null;
        }
    }

    private sealed record Row(long Id, string UnitCode, string Kind, string Key, string Source, string Json, DateTime UpdatedAt);
}
