using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Periods;

/// <summary>
/// Period kind, cut-off and previous/next as plain links: they work by touch, survive a dropped connection, and the
/// address always says what is on screen.
/// </summary>
public partial class PeriodPicker
{
    [Parameter, EditorRequired] public PeriodChoice Choice { get; set; } = default!;

    /// <summary>The page's path, e.g. "/scores" or "/kpi/ho-so-tre-han".</summary>
    [Parameter, EditorRequired] public string Path { get; set; } = "";

    /// <summary>Other query parameters the page keeps (unit, rubric…).</summary>
    [Parameter] public (string Name, string? Value)[] Keep { get; set; } = [];

    [Parameter] public DateOnly Today { get; set; }

    private string Link(PeriodChoice choice) => Path + choice.Query(Keep);
}
