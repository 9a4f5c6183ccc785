using System.Text.Json;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Catalog;

public enum UnitKind { Province, District, Commune }

/// <summary>
/// An administrative unit as it stood for a span of days: province → (district →) commune. A unit that was renamed or
/// moved has one of these per span; <see cref="From"/> and <see cref="Until"/> bound it (null: always, still).
/// </summary>
public sealed record AdminUnit(string Code, UnitKind Kind, string? Parent, LocalizedText Name)
{
    /// <summary>The first day this holds; null since before anything was recorded.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The first day this no longer holds (renamed, moved, retired or merged on that day); null while it holds.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>On the last span of a merged unit: the unit it was merged into on <see cref="Until"/>.</summary>
    public string? Successor { get; init; }

    public bool HoldsOn(DateOnly day) => (From is not { } f || f <= day) && (Until is not { } u || day < u);
}

/// <summary>
/// The map of units at any date. Without a date it answers for today in Vietnam (what every page, access rule and feed
/// asked before units changed over the years); a unit retired since is still found, under its last name, so its history
/// stays readable. Held as one singleton whose spans are swapped whole after an administrator's change.
/// </summary>
public sealed class UnitDirectory
{
    private readonly TimeProvider _time;
    private volatile State _state;

    public UnitDirectory(IReadOnlyList<AdminUnit> spans, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _state = new State(spans, 0);
    }

    /// <summary>The same spans, reading "today" from another clock (the app's, which the tests set).</summary>
    public UnitDirectory WithClock(TimeProvider time) => new(_state.Spans, time);

    /// <summary>Replaces every span at once (after an administrator's change, or another node's).</summary>
    public void Replace(IReadOnlyList<AdminUnit> spans) => _state = new State(spans, _state.Version + 1);

    /// <summary>Grows with every <see cref="Replace"/>: what is computed from the map can tell it is stale.</summary>
    public long Version => _state.Version;

    public DateOnly Today => VietnamTime.Today(_time);

    /// <summary>Every span of every unit, as stored.</summary>
    public IReadOnlyList<AdminUnit> Spans => _state.Spans;

    /// <summary>The units that exist today.</summary>
    public IReadOnlyList<AdminUnit> All => At(Today);

    /// <summary>The units that exist on a day, each as it stood then.</summary>
    public IReadOnlyList<AdminUnit> At(DateOnly day) => _state.At(day);

    /// <summary>Every unit ever recorded, each as it stands today or as it last stood.</summary>
    public IReadOnlyList<AdminUnit> Ever => _state.Codes.Select(c => Find(c)!).ToList();

    /// <summary>A unit as it stands today, or as it last stood if it is gone (its history keeps its own name).</summary>
    public AdminUnit? Find(string code)
    {
        if (!_state.ByCode.TryGetValue(code, out var spans)) return null;
        var today = Today;
        return spans.FirstOrDefault(s => s.HoldsOn(today)) ?? spans.LastOrDefault(s => s.From is not { } f || f <= today) ?? spans[0];
    }

    /// <summary>Whether the unit was ever recorded: <see cref="Find(string)"/> finds it (without working out today).</summary>
    public bool Contains(string code) => _state.ByCode.ContainsKey(code);

    /// <summary>A unit as it stood on a day; null if it did not exist then.</summary>
    public AdminUnit? Find(string code, DateOnly day) =>
        _state.ByCode.TryGetValue(code, out var spans) ? spans.FirstOrDefault(s => s.HoldsOn(day)) : null;

    public bool ExistsOn(string code, DateOnly day) => Find(code, day) is not null;

    public IEnumerable<AdminUnit> Communes => All.Where(u => u.Kind == UnitKind.Commune);

    public IEnumerable<AdminUnit> Siblings(string code) => Siblings(code, Today);

    /// <summary>
    /// The units under the same parent and of the same kind on a day (a ranking compares these, at its period's date). A
    /// unit asked about on a day it did not exist on is ranked with those it last stood among.
    /// </summary>
    public IEnumerable<AdminUnit> Siblings(string code, DateOnly day)
    {
        var unit = Find(code, day) ?? Find(code);
        if (unit is null) return [];
        var siblings = At(day).Where(u => u.Parent == unit.Parent && u.Kind == unit.Kind).ToList();
        if (siblings.All(u => u.Code != code)) siblings.Add(unit);
        return siblings;
    }

    /// <summary>The units directly under a unit on a day.</summary>
    public IEnumerable<AdminUnit> Children(string code, DateOnly day) => At(day).Where(u => u.Parent == code);

    /// <summary>Every unit that was ever under this one (directly or further down), on any day.</summary>
    public IReadOnlySet<string> EverBelow(string code)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([code]);
        while (queue.TryDequeue(out var next))
            foreach (var child in _state.Spans.Where(s => s.Parent == next).Select(s => s.Code))
                if (found.Add(child)) queue.Enqueue(child);
        found.Remove(code);
        return found;
    }

    /// <summary>The unit a retired one was merged into and the day; null for one that exists or was retired without one.</summary>
    public (AdminUnit Successor, DateOnly On)? SuccessorOf(string code) =>
        _state.ByCode.TryGetValue(code, out var spans) && spans[^1] is { Successor: { } s, Until: { } on } && Find(s) is { } successor
            ? (successor, on)
            : null;

    /// <summary>The units merged into this one, and those merged into them, each once (whose records count for it).</summary>
    public IReadOnlyList<string> Predecessors(string code)
    {
        var found = new List<string>();
        var queue = new Queue<string>([code]);
        while (queue.TryDequeue(out var next))
            foreach (var p in _state.Predecessors[next])
                if (!found.Contains(p) && p != code) { found.Add(p); queue.Enqueue(p); }
        return found;
    }

    /// <summary>The first day a unit existed (null: since before anything was recorded).</summary>
    public DateOnly? Since(string code) => _state.ByCode.TryGetValue(code, out var spans) ? spans[0].From : null;

    private sealed class State
    {
        public State(IReadOnlyList<AdminUnit> spans, long version)
        {
            Spans = spans;
            Version = version;
            ByCode = spans.GroupBy(s => s.Code, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(s => s.From ?? DateOnly.MinValue).ToList(), StringComparer.Ordinal);
            Codes = spans.Select(s => s.Code).Distinct().ToList();
            Predecessors = ByCode.Values.Select(s => s[^1]).Where(s => s.Successor is not null)
                .ToLookup(s => s.Successor!, s => s.Code, StringComparer.Ordinal);
        }

        public IReadOnlyList<AdminUnit> Spans { get; }
        public long Version { get; }
        public Dictionary<string, List<AdminUnit>> ByCode { get; }
        public List<string> Codes { get; }
        public ILookup<string, string> Predecessors { get; }

        // Pages ask for today's map many times a second; it changes once a day or when an administrator acts. A reference,
        // so a reader on another thread sees a whole pair or the previous one.
        private Map? _last;

        public IReadOnlyList<AdminUnit> At(DateOnly day)
        {
            if (_last is { } last && last.Day == day) return last.Units;
            var units = Codes.Select(c => ByCode[c].FirstOrDefault(s => s.HoldsOn(day))).OfType<AdminUnit>().ToList();
            _last = new Map(day, units);
            return units;
        }

        private sealed record Map(DateOnly Day, IReadOnlyList<AdminUnit> Units);
    }

    public static UnitDirectory LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path)) throw new CatalogException(file, null, null, $"không tìm thấy tệp tại '{path}'");
        UnitsDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<UnitsDto>(File.ReadAllText(path),
                new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException ex)
        {
            throw new CatalogException(file, null, ex.Path, $"JSON không đọc được (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        var units = new List<AdminUnit>();
        foreach (var (u, i) in (dto?.Units ?? []).Select((u, i) => (u, i)))
        {
            var item = u.Code ?? $"units[{i}]";
            if (string.IsNullOrWhiteSpace(u.Code)) throw new CatalogException(file, item, "code", "thiếu mã đơn vị");
            if (!Enum.TryParse<UnitKind>(u.Kind, true, out var kind))
                throw new CatalogException(file, item, "kind", $"loại đơn vị '{u.Kind}' không hợp lệ (province, district, commune)");
            if (string.IsNullOrWhiteSpace(u.Name?.Vi) || string.IsNullOrWhiteSpace(u.Name.En))
                throw new CatalogException(file, item, "name", "thiếu tên tiếng Việt hoặc tiếng Anh");
            if (units.Any(x => x.Code == u.Code)) throw new CatalogException(file, item, "code", "mã đơn vị bị trùng");
            units.Add(new AdminUnit(u.Code, kind, u.Parent, new LocalizedText(u.Name.Vi, u.Name.En)));
        }
        foreach (var u in units.Where(u => u.Parent is not null && units.All(p => p.Code != u.Parent)))
            throw new CatalogException(file, u.Code, "parent", $"đơn vị cấp trên '{u.Parent}' không tồn tại");
        if (units.Count == 0) throw new CatalogException(file, null, "units", "không có đơn vị nào");
        return new UnitDirectory(units);
    }

    private sealed record UnitsDto(List<UnitDto>? Units);
    private sealed record UnitDto(string? Code, string? Kind, string? Parent, NameDto? Name);
    private sealed record NameDto(string? Vi, string? En);
}
