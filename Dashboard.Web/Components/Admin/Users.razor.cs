using Dashboard.Shared.Catalog;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// Accounts: create or update one (role, units, a temporary password the person changes at first sign-in), lock and
/// unlock; only accounts, units and roles within the administrator's reach (Accounts/AdminScope). Every change is audited,
/// and so is a refused one.
/// </summary>
public partial class Users
{
    [Inject] public AccountAdministration Accounts { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "save-user")] public UserInput? Input { get; set; }

    private List<AccountAdministration.Account> _users = [];
    private string? _message;
    private bool _ok;

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    /// <summary>Only the units and roles this administrator may grant are offered (the service checks them again).</summary>
    private IEnumerable<AdminUnit> GrantableUnits => Units.All.Where(u => Scope.MayGrantUnits(HttpContext.User, [u.Code]));

    private IEnumerable<string> GrantableRoles => Roles.All.Where(r => Scope.MayGrantRole(HttpContext.User, r));

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        await LoadAsync();
    }

    private async Task LoadAsync() => _users = await Accounts.ListAsync(HttpContext.User);

    private async Task SaveAsync()
    {
        var name = (Input!.Name ?? "").Trim().ToLowerInvariant();
        var units = (Input.Units ?? []).Where(c => Units.Find(c) is not null).Distinct().ToList();
        if (name.Length == 0 || !Roles.All.Contains(Input.Role) || units.Count == 0)
        {
            (_ok, _message) = (false, Loc[nameof(Strings.UserFormIncomplete)]);
            return;
        }
        AccountAdministration.SaveResult result;
        try
        {
            result = await Accounts.SaveAsync(HttpContext.User, new(name, Input.DisplayName, Input.Role!, units, Input.Password ?? ""));
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"{name}: {refused.Refusal}, {Input.Role}, {string.Join(",", units)}", HttpContext);
            (_ok, _message) = (false, RefusalText(refused.Refusal));
            return;
        }
        if (!result.Succeeded)
        {
            (_ok, _message) = (false, string.Join(" ", result.Errors));
            return;
        }
        await Audit.WriteAsync(Me, result.Created ? "user-created" : "user-updated", $"{name}: {Input.Role}, {string.Join(",", units)}", HttpContext);
        (_ok, _message) = (true, string.Format(Loc[nameof(Strings.UserSaved)], name));
        await LoadAsync();
    }

    private async Task ToggleLockAsync(string id)
    {
        var row = _users.FirstOrDefault(u => u.Id == id);
        if (row is null) return;
        if (row.Name == Me)
        {
            (_ok, _message) = (false, Loc[nameof(Strings.CannotLockYourself)]);
            return;
        }
        try
        {
            if (await Accounts.SetLockedAsync(HttpContext.User, id, !row.Locked) is null) return;
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"{row.Name}: {refused.Refusal}", HttpContext);
            (_ok, _message) = (false, RefusalText(refused.Refusal));
            return;
        }
        await Audit.WriteAsync(Me, row.Locked ? "user-unlocked" : "user-locked", row.Name, HttpContext);
        (_ok, _message) = (true, string.Format(Loc[row.Locked ? nameof(Strings.UserUnlocked) : nameof(Strings.UserLocked)], row.Name));
        await LoadAsync();
    }

    private string RefusalText(AdminRefusal refusal) => AdminText.Refusal(refusal, Loc);

    private string RoleName(string role) => role switch
    {
        Roles.Admin => Loc[nameof(Strings.RoleAdmin)],
        Roles.Editor => Loc[nameof(Strings.RoleEditor)],
        Roles.Viewer => Loc[nameof(Strings.RoleViewer)],
        _ => "—",
    };

    public sealed class UserInput
    {
        public string? Name { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string[]? Units { get; set; }
        public string? Password { get; set; }
    }
}

/// <summary>The words for an administrator's refused change, shared by the admin pages.</summary>
public static class AdminText
{
    public static string Refusal(AdminRefusal refusal, Microsoft.Extensions.Localization.IStringLocalizer<Strings> loc) => refusal switch
    {
        AdminRefusal.UnitsOutOfReach => loc[nameof(Strings.AdminUnitsOutOfReach)],
        AdminRefusal.RoleTooHigh => loc[nameof(Strings.AdminRoleTooHigh)],
        AdminRefusal.AccountOutOfReach => loc[nameof(Strings.AdminAccountOutOfReach)],
        AdminRefusal.KeyOutOfReach => loc[nameof(Strings.AdminKeyOutOfReach)],
        AdminRefusal.PlanOutOfReach => loc[nameof(Strings.AdminPlanOutOfReach)],
        _ => loc[nameof(Strings.AdminDeviceOutOfReach)],
    };
}
