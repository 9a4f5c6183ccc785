using System.Text.RegularExpressions;

namespace Dashboard.Shared.Catalog;

/// <summary>Why a change to the map of units was refused; the page words each in the reader's language.</summary>
public enum UnitChangeError
{
    /// <summary>The code is empty or not kebab-case (a–z, 0–9, hyphens), or longer than 64.</summary>
    BadCode,
    /// <summary>The code was used by a unit before (even a retired one: its history keeps the code).</summary>
    DuplicateCode,
    /// <summary>A Vietnamese or English name is missing or longer than 200.</summary>
    MissingName,
    UnknownUnit,
    /// <summary>The parent does not exist on the day of the change.</summary>
    UnknownParent,
    /// <summary>A province has no parent; a district sits under a province; a commune under a province or a district.</summary>
    WrongParentKind,
    /// <summary>The new parent is the unit itself or lies under it.</summary>
    Cycle,
    /// <summary>The unit was already retired or merged on that day.</summary>
    AlreadyRetired,
    /// <summary>The day is before the unit existed.</summary>
    BeforeExisted,
    /// <summary>Units still sit under it on that day.</summary>
    HasChildren,
    /// <summary>A merger needs at least two units.</summary>
    TooFewPredecessors,
    /// <summary>The units merged are not all of the same kind.</summary>
    MixedKinds,
    /// <summary>A later change of the unit is already recorded; changes are recorded in order.</summary>
    LaterChangeExists,
}

/// <summary>A refused change: what, and about which unit (or parent) and field.</summary>
public sealed record UnitChangeProblem(UnitChangeError Error, string Field, string? Unit = null, DateOnly? Since = null);

/// <summary>
/// The changes an administrator records, each on a day: pure rules over the spans of <see cref="UnitDirectory"/>, so
/// what is refused is refused before anything is stored. A change either gives the new spans or says what is wrong.
/// </summary>
public static partial class UnitChanges
{
    public sealed record Result(IReadOnlyList<AdminUnit>? Spans, UnitChangeProblem? Problem)
    {
        public bool Ok => Problem is null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    public static Result Add(UnitDirectory map, string code, UnitKind kind, string? parent, LocalizedText name, DateOnly on)
    {
        if (CheckNewUnit(map, code, kind, parent, name, on) is { } problem) return Fail(problem);
        return Done([.. map.Spans, new AdminUnit(code, kind, parent, name) { From = on }]);
    }

    public static Result Rename(UnitDirectory map, string code, LocalizedText name, DateOnly on)
    {
        if (CheckName(name) is { } bad) return Fail(bad);
        if (CheckChange(map, code, on) is { } problem) return Fail(problem);
        return Split(map, code, on, s => s with { Name = name });
    }

    public static Result Move(UnitDirectory map, string code, string? parent, DateOnly on)
    {
        if (CheckChange(map, code, on) is { } problem) return Fail(problem);
        var unit = map.Find(code, on)!;
        // Named before the kinds, which would refuse it too but less plainly.
        if (parent is not null && (parent == code || IsBelow(map, parent, code, on)))
            return Fail(new(UnitChangeError.Cycle, "parent", parent));
        if (CheckParent(map, unit.Kind, parent, on) is { } badParent) return Fail(badParent);
        return Split(map, code, on, s => s with { Parent = parent });
    }

    public static Result Retire(UnitDirectory map, string code, DateOnly on)
    {
        if (CheckChange(map, code, on) is { } problem) return Fail(problem);
        if (map.Children(code, on).FirstOrDefault() is { } child) return Fail(new(UnitChangeError.HasChildren, "code", child.Code));
        return Close(map.Spans, code, on, null);
    }

    /// <summary>
    /// A new unit formed from several on a day: each is retired that day with the new one as its successor, whose figures
    /// count their records from then on.
    /// </summary>
    public static Result Merge(UnitDirectory map, IReadOnlyList<string> predecessors, string code, string? parent, LocalizedText name, DateOnly on)
    {
        var codes = predecessors.Distinct().ToList();
        if (codes.Count < 2) return Fail(new(UnitChangeError.TooFewPredecessors, "predecessors"));
        foreach (var p in codes)
        {
            if (CheckChange(map, p, on) is { } problem) return Fail(problem with { Field = "predecessors" });
            if (map.Children(p, on).FirstOrDefault() is { } child) return Fail(new(UnitChangeError.HasChildren, "predecessors", p));
        }
        var kinds = codes.Select(p => map.Find(p, on)!.Kind).Distinct().ToList();
        if (kinds.Count > 1) return Fail(new(UnitChangeError.MixedKinds, "predecessors"));
        if (CheckNewUnit(map, code, kinds[0], parent, name, on) is { } bad) return Fail(bad);
        var spans = map.Spans;
        foreach (var p in codes) spans = Close(spans, p, on, code).Spans!;
        return Done([.. spans, new AdminUnit(code, kinds[0], parent, name) { From = on }]);
    }

    private static UnitChangeProblem? CheckNewUnit(UnitDirectory map, string code, UnitKind kind, string? parent, LocalizedText name, DateOnly on)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64 || !CodePattern().IsMatch(code)) return new(UnitChangeError.BadCode, "code", code);
        if (map.Find(code) is not null) return new(UnitChangeError.DuplicateCode, "code", code);
        return CheckName(name) ?? CheckParent(map, kind, parent, on);
    }

    private static UnitChangeProblem? CheckName(LocalizedText name) =>
        string.IsNullOrWhiteSpace(name.Vi) || string.IsNullOrWhiteSpace(name.En) || name.Vi.Length > 200 || name.En.Length > 200
            ? new(UnitChangeError.MissingName, string.IsNullOrWhiteSpace(name.Vi) || name.Vi.Length > 200 ? "nameVi" : "nameEn")
            : null;

    private static UnitChangeProblem? CheckParent(UnitDirectory map, UnitKind kind, string? parent, DateOnly on)
    {
        if (parent is null) return kind == UnitKind.Province ? null : new(UnitChangeError.WrongParentKind, "parent");
        if (map.Find(parent, on) is not { } p) return new(UnitChangeError.UnknownParent, "parent", parent);
        var fits = kind switch
        {
            UnitKind.District => p.Kind == UnitKind.Province,
            UnitKind.Commune => p.Kind is UnitKind.Province or UnitKind.District,
            _ => false,
        };
        return fits ? null : new(UnitChangeError.WrongParentKind, "parent", parent);
    }

    /// <summary>A change to an existing unit on a day: it must exist then, and nothing about it be recorded after that day.</summary>
    private static UnitChangeProblem? CheckChange(UnitDirectory map, string code, DateOnly on)
    {
        if (map.Find(code) is not { } unit) return new(UnitChangeError.UnknownUnit, "code", code);
        if (map.Since(code) is { } since && on <= since) return new(UnitChangeError.BeforeExisted, "date", code, since);
        var spans = map.Spans.Where(s => s.Code == code).ToList();
        // A retired unit stays retired: its history is read under its own name, never rewritten.
        if (map.Find(code, on) is null || spans.All(s => s.Until is not null)) return new(UnitChangeError.AlreadyRetired, "code", code);
        if (spans.Any(s => s.From is { } f && f > on)) return new(UnitChangeError.LaterChangeExists, "date", unit.Code);
        return null;
    }

    private static bool IsBelow(UnitDirectory map, string code, string ancestor, DateOnly on)
    {
        for (var u = map.Find(code, on); u?.Parent is { } p; u = map.Find(p, on))
            if (p == ancestor) return true;
        return false;
    }

    /// <summary>The span holding on the day ends there; a new one, changed, starts (or the span itself changes, if it starts that day).</summary>
    private static Result Split(UnitDirectory map, string code, DateOnly on, Func<AdminUnit, AdminUnit> change)
    {
        var current = map.Find(code, on)!;
        var spans = map.Spans.Where(s => !ReferenceEquals(s, current)).ToList();
        if (current.From == on) spans.Add(change(current));
        else spans.AddRange([current with { Until = on }, change(current) with { From = on }]);
        return Done(spans);
    }

    private static Result Close(IReadOnlyList<AdminUnit> spans, string code, DateOnly on, string? successor) =>
        Done(spans.Select(s => s.Code == code && s.HoldsOn(on) ? s with { Until = on, Successor = successor } : s).ToList());

    private static Result Fail(UnitChangeProblem problem) => new(null, problem);

    private static Result Done(IReadOnlyList<AdminUnit> spans) => new(spans, null);
}
