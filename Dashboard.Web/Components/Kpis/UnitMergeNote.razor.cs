using Dashboard.Shared.Catalog;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Kpis;

/// <summary>
/// Under a unit's name: a merged commune says what it became and from when, a commune formed by a merger whose records
/// its figures include (docs/units.md).
/// </summary>
public partial class UnitMergeNote
{
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Parameter, EditorRequired] public AdminUnit Unit { get; set; } = default!;

    private (AdminUnit Successor, DateOnly On)? Merged => Units.SuccessorOf(Unit.Code);

    private IReadOnlyList<string> Predecessors => Units.Predecessors(Unit.Code).Select(c => Units.Find(c)?.Name.Current ?? c).ToList();
}
