namespace Dashboard.Shared.Store;

/// <summary>
/// One span of an administrative unit (<see cref="Catalog.AdminUnit"/>): its kind, parent and names from one day until
/// another. Seeded from units.json on first start; administrators change them on /admin/units.
/// </summary>
public sealed class UnitSpanRow
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public string? Parent { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    /// <summary>The first day this span holds (a date in Vietnam); null since before anything was recorded.</summary>
    public DateOnly? ValidFrom { get; set; }
    /// <summary>The first day it no longer holds; null while it holds.</summary>
    public DateOnly? ValidUntil { get; set; }
    /// <summary>On a merged unit's last span: the unit it was merged into.</summary>
    public string? Successor { get; set; }
}
