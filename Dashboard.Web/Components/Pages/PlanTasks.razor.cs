using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// The plan's tasks with no number for one unit and year: done, not done or overdue today (in Vietnam), with evidence.
/// Editors and Admins mark them through a plain form post (Api/PlanTaskEndpoints); everyone else reads.
/// </summary>
public partial class PlanTasks
{
    private const int HistoryRows = 20;

    [Inject] public KpiCatalog Catalog { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public PlanTaskStore Store { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public IAuthorizationService Authorization { get; set; } = default!;
    [Inject] public IOptions<DashboardOptions> Options { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] public Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unit")] public string? UnitCode { get; set; }
    [SupplyParameterFromQuery(Name = "year")] public int? YearAsked { get; set; }
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] public string? Saved { get; set; }
    [SupplyParameterFromQuery(Name = "undone")] public string? Undone { get; set; }

    private AdminUnit? Unit { get; set; }
    private int Year { get; set; }
    private PlanTaskSummary Summary { get; set; } = new(0, 0, 0);
    private PlanTask? SavedTask => Saved is null ? null : Catalog.FindTask(Saved);
    private PlanTask? UndoneTask => Undone is null ? null : Catalog.FindTask(Undone);

    private DateOnly _today;
    private bool _canEdit;
    private List<AdminUnit> _units = [];
    private IReadOnlyDictionary<string, PlanTaskStatus> _statuses = new Dictionary<string, PlanTaskStatus>();
    private List<PlanTaskHistory> _history = [];

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState).User;
        if (Access.Choose(user, UnitCode, Options.Value.HomeUnit) is not { } unit)
        {
            Navigation.NavigateTo("/account/access-denied");
            return;
        }
        Unit = unit;
        _today = VietnamTime.Today(Clock);
        Year = YearAsked is >= 2000 and <= 2100 ? YearAsked.Value : _today.Year;
        var allowed = Access.Allowed(user);
        _units = Units.Communes.Where(u => allowed.Contains(u.Code)).ToList();
        _canEdit = (await Authorization.AuthorizeAsync(user, Roles.CanEdit)).Succeeded;
        var statuses = await Store.ForUnitAsync(Unit.Code, Year);
        _statuses = statuses;
        Summary = PlanTaskRules.Summarize(Catalog.Tasks, Year, code => statuses.TryGetValue(code, out var s) && s.Done, _today);
        _history = await Store.HistoryAsync(Unit.Code, Year, HistoryRows);
    }
}
