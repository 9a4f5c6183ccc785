using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Accounts;

/// <summary>
/// What the users page does to accounts, within <see cref="AdminScope"/>: list those the administrator may manage, create or
/// update one (role, units, a temporary password), lock or unlock one. A change beyond the administrator's reach throws
/// <see cref="AdminScopeException"/> and changes nothing. A change to an account ends its open pages and hub connections
/// (<see cref="Revocations"/>).
/// </summary>
public sealed class AccountAdministration(UserManager<DashboardUser> users, AdminScope scope, Revocations revocations, TimeProvider clock)
{
    public sealed record Account(string Id, string Name, string DisplayName, string Role, IReadOnlyList<string> Units, bool Locked, bool MustChange);

    public sealed record AccountInput(string Name, string? DisplayName, string Role, IReadOnlyList<string> Units, string Password);

    /// <summary>Created or updated, or Identity's own errors (a password too short, a bad name); nothing changed then.</summary>
    public sealed record SaveResult(bool Created, IReadOnlyList<string> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    public async Task<List<Account>> ListAsync(ClaimsPrincipal admin)
    {
        var now = clock.GetUtcNow();
        var list = new List<Account>();
        foreach (var u in await users.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            var (role, units) = await RoleAndUnitsAsync(u);
            if (scope.MayManage(admin, units, role))
                list.Add(new Account(u.Id, u.UserName!, u.DisplayName, role ?? "", units, u.LockoutEnd > now, u.MustChangePassword));
        }
        return list;
    }

    public async Task<SaveResult> SaveAsync(ClaimsPrincipal admin, AccountInput input)
    {
        if (!scope.MayGrantRole(admin, input.Role)) throw new AdminScopeException(AdminRefusal.RoleTooHigh);
        if (!scope.MayGrantUnits(admin, input.Units)) throw new AdminScopeException(AdminRefusal.UnitsOutOfReach);
        var user = await users.FindByNameAsync(input.Name);
        var created = user is null;
        if (user is not null)
        {
            var (role, units) = await RoleAndUnitsAsync(user);
            if (!scope.MayManage(admin, units, role)) throw new AdminScopeException(AdminRefusal.AccountOutOfReach);
        }
        user ??= new DashboardUser { UserName = input.Name, LockoutEnabled = true };
        user.DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? input.Name : input.DisplayName.Trim();
        user.MustChangePassword = true;
        var result = created ? await users.CreateAsync(user, input.Password) : await users.UpdateAsync(user);
        if (result.Succeeded && !created)
        {
            // An update with a new temporary password replaces the old one.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, input.Password);
        }
        if (!result.Succeeded) return new SaveResult(created, result.Errors.Select(e => e.Description).ToList());
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, input.Role);
        await users.RemoveClaimsAsync(user, (await users.GetClaimsAsync(user)).Where(c => c.Type == UnitAccess.ClaimType));
        await users.AddClaimsAsync(user, input.Units.Select(u => new Claim(UnitAccess.ClaimType, u)));
        // Signs the person out everywhere, open pages and hub connections included: the new role and units apply from
        // their next sign-in.
        await users.UpdateSecurityStampAsync(user);
        revocations.TellUserChanged(user.Id);
        return new SaveResult(created, []);
    }

    /// <summary>Locks (until unlocked) or unlocks an account; null if there is no such account.</summary>
    public async Task<DashboardUser?> SetLockedAsync(ClaimsPrincipal admin, string id, bool locked)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return null;
        var (role, units) = await RoleAndUnitsAsync(user);
        if (!scope.MayManage(admin, units, role)) throw new AdminScopeException(AdminRefusal.AccountOutOfReach);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (locked)
        {
            await users.UpdateSecurityStampAsync(user);
            revocations.TellUserChanged(user.Id);
        }
        return user;
    }

    public bool IsLocked(DashboardUser user) => user.LockoutEnd > clock.GetUtcNow();

    private async Task<(string? Role, List<string> Units)> RoleAndUnitsAsync(DashboardUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var claims = await users.GetClaimsAsync(user);
        // The highest of its roles is the one that counts against the administrator's.
        var role = roles.OrderByDescending(AdminScope.Rank).FirstOrDefault();
        return (role, claims.Where(c => c.Type == UnitAccess.ClaimType).Select(c => c.Value).ToList());
    }
}
