using Dashboard.Shared.Engine;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Scores;

/// <summary>Sibling units on one figure, best first; the unit being viewed is marked.</summary>
public partial class RankingTable
{
    [Parameter, EditorRequired] public IReadOnlyList<RankRow> Rows { get; set; } = [];

    [Parameter] public string Current { get; set; } = "";

    [Parameter] public Func<decimal?, string> Format { get; set; } = v => v?.ToString() ?? "—";

    private int Ranked => Rows.Count(r => r.Rank is not null);
}
