using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages;

/// <summary>Loading a province's rubric and entering the rank the district published; the forms post over HTTP.</summary>
public partial class ScoresManage
{
    [Inject] public RubricRegistry Rubrics { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }
    [SupplyParameterFromQuery(Name = "rubric")] public string? RubricCode { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] public string? Saved { get; set; }
    [SupplyParameterFromQuery(Name = "ranked")] public string? Ranked { get; set; }
}
