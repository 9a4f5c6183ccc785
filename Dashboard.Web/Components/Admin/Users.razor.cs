using System.Security.Claims;
using Dashboard.Shared.Catalog;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// Accounts: create or update one (role, units, a temporary password the person changes at first sign-in), lock and
/// unlock. Every change is audited.
/// </summary>
public partial class Users
{
    [Inject] public UserManager<DashboardUser> UserManager { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "save-user")] public UserInput? Input { get; set; }

    private List<Row> _users = [];
    private string? _message;
    private bool _ok;

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var now = Clock.GetUtcNow();
        _users = [];
        foreach (var u in await UserManager.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            var roles = await UserManager.GetRolesAsync(u);
            var claims = await UserManager.GetClaimsAsync(u);
            _users.Add(new Row(u.Id, u.UserName!, u.DisplayName, roles.FirstOrDefault() ?? "", claims.Where(c => c.Type == UnitAccess.ClaimType).Select(c => c.Value).ToList(),
                u.LockoutEnd > now, u.MustChangePassword));
        }
    }

    private async Task SaveAsync()
    {
        var name = (Input!.Name ?? "").Trim().ToLowerInvariant();
        var units = (Input.Units ?? []).Where(c => Units.Find(c) is not null).Distinct().ToList();
        if (name.Length == 0 || !Roles.All.Contains(Input.Role) || units.Count == 0)
        {
            (_ok, _message) = (false, Loc[nameof(Strings.UserFormIncomplete)]);
            return;
        }
        var user = await UserManager.FindByNameAsync(name);
        var created = user is null;
        user ??= new DashboardUser { UserName = name, LockoutEnabled = true };
        user.DisplayName = string.IsNullOrWhiteSpace(Input.DisplayName) ? name : Input.DisplayName.Trim();
        user.MustChangePassword = true;
        var result = created ? await UserManager.CreateAsync(user, Input.Password ?? "") : await UserManager.UpdateAsync(user);
        if (result.Succeeded && !created)
        {
            // An update with a new temporary password replaces the old one.
            var token = await UserManager.GeneratePasswordResetTokenAsync(user);
            result = await UserManager.ResetPasswordAsync(user, token, Input.Password ?? "");
        }
        if (!result.Succeeded)
        {
            (_ok, _message) = (false, string.Join(" ", result.Errors.Select(e => e.Description)));
            return;
        }
        await UserManager.RemoveFromRolesAsync(user, await UserManager.GetRolesAsync(user));
        await UserManager.AddToRoleAsync(user, Input.Role!);
        await UserManager.RemoveClaimsAsync(user, (await UserManager.GetClaimsAsync(user)).Where(c => c.Type == UnitAccess.ClaimType));
        await UserManager.AddClaimsAsync(user, units.Select(u => new Claim(UnitAccess.ClaimType, u)));
        // Signs the person out everywhere: the new role and units apply from their next sign-in.
        await UserManager.UpdateSecurityStampAsync(user);
        await Audit.WriteAsync(Me, created ? "user-created" : "user-updated", $"{name}: {Input.Role}, {string.Join(",", units)}", HttpContext);
        (_ok, _message) = (true, string.Format(Loc[nameof(Strings.UserSaved)], name));
        await LoadAsync();
    }

    private async Task ToggleLockAsync(string id)
    {
        var user = await UserManager.FindByIdAsync(id);
        if (user is null) return;
        if (user.UserName == Me)
        {
            (_ok, _message) = (false, Loc[nameof(Strings.CannotLockYourself)]);
            return;
        }
        var locked = user.LockoutEnd > Clock.GetUtcNow();
        await UserManager.SetLockoutEnabledAsync(user, true);
        await UserManager.SetLockoutEndDateAsync(user, locked ? null : DateTimeOffset.MaxValue);
        if (!locked) await UserManager.UpdateSecurityStampAsync(user);
        await Audit.WriteAsync(Me, locked ? "user-unlocked" : "user-locked", user.UserName, HttpContext);
        (_ok, _message) = (true, string.Format(Loc[locked ? nameof(Strings.UserUnlocked) : nameof(Strings.UserLocked)], user.UserName));
        await LoadAsync();
    }

    private string RoleName(string role) => role switch
    {
        Roles.Admin => Loc[nameof(Strings.RoleAdmin)],
        Roles.Editor => Loc[nameof(Strings.RoleEditor)],
        Roles.Viewer => Loc[nameof(Strings.RoleViewer)],
        _ => "—",
    };

    private sealed record Row(string Id, string Name, string DisplayName, string Role, List<string> Units, bool Locked, bool MustChange);

    public sealed class UserInput
    {
        public string? Name { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string[]? Units { get; set; }
        public string? Password { get; set; }
    }
}
