using System.Security.Claims;
using Dashboard.Shared.Catalog;

namespace Dashboard.Web.Accounts;

/// <summary>Why an administrator's change was refused (each has its own message on the page).</summary>
public enum AdminRefusal
{
    /// <summary>A unit to grant lies outside the administrator's reach (or none was given).</summary>
    UnitsOutOfReach,
    /// <summary>A role above the administrator's own.</summary>
    RoleTooHigh,
    /// <summary>The account has a unit outside the administrator's reach, or a role above its own.</summary>
    AccountOutOfReach,
    KeyOutOfReach,
    DeviceOutOfReach,
    /// <summary>A yearly plan judges every unit, and the administrator does not reach them all.</summary>
    PlanOutOfReach,
}

/// <summary>Thrown by the services behind the admin pages when a change goes beyond what the acting administrator holds.</summary>
public sealed class AdminScopeException(AdminRefusal refusal) : InvalidOperationException($"Ngoài phạm vi quản trị / outside the administrator's reach: {refusal}")
{
    public AdminRefusal Refusal { get; } = refusal;
}

/// <summary>
/// An administrator grants only what it holds: units within its reach (its own units and everything below them, as
/// <see cref="UnitAccess"/> says), roles no higher than its own. It acts (edit, reset a password, lock, revoke) only on
/// accounts, keys and wall screens all of whose units are within its reach, and on accounts whose role is no higher than
/// its own. It cannot widen its own units: they are granted like anyone's. Something without any known unit is within
/// the reach of an administrator who reaches every unit, and nobody else; so is a yearly plan, which judges every unit.
/// </summary>
public sealed class AdminScope(UnitAccess access, UnitDirectory units)
{
    public static int Rank(string? role) => role switch
    {
        Roles.Admin => 3,
        Roles.Editor => 2,
        Roles.Viewer => 1,
        _ => 0,
    };

    public static int RankOf(ClaimsPrincipal user) => Roles.All.Where(user.IsInRole).Select(Rank).DefaultIfEmpty(0).Max();

    public IReadOnlySet<string> Reach(ClaimsPrincipal admin) => access.Allowed(admin);

    public bool MayGrantUnits(ClaimsPrincipal admin, IEnumerable<string> codes)
    {
        var list = codes.ToList();
        var reach = Reach(admin);
        return list.Count > 0 && list.All(reach.Contains);
    }

    public bool MayGrantRole(ClaimsPrincipal admin, string? role) => Rank(role) > 0 && Rank(role) <= RankOf(admin);

    /// <summary>Whether something scoped to these units (a key, a screen) is the administrator's to change.</summary>
    public bool MayManage(ClaimsPrincipal admin, IEnumerable<string> codes)
    {
        var reach = Reach(admin);
        // A unit no longer in the units file reaches nothing: it neither blocks nor grants.
        var known = codes.Where(c => units.Find(c) is not null).ToList();
        return known.Count > 0 ? known.All(reach.Contains) : ReachesAll(reach);
    }

    /// <summary>
    /// Whether the administrator reaches every unit of the deployment (the top unit's): only such a one changes what
    /// judges them all, such as a yearly plan.
    /// </summary>
    public bool ReachesAll(ClaimsPrincipal admin) => ReachesAll(Reach(admin));

    private bool ReachesAll(IReadOnlySet<string> reach) => units.All.All(u => reach.Contains(u.Code));

    /// <summary>Whether an account with these units and role is the administrator's to change.</summary>
    public bool MayManage(ClaimsPrincipal admin, IEnumerable<string> codes, string? role) =>
        MayManage(admin, codes) && Rank(role) <= RankOf(admin);
}
