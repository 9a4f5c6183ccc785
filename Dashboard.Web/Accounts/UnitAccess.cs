using System.Security.Claims;
using Dashboard.Shared.Catalog;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Which units a user or an API key may see: the units assigned to it and everything below them (a district user
/// sees the district and its communes), on any day, with the mergers followed both ways (docs/units.md). Pages, the API,
/// exports and the hub all ask here.
/// </summary>
public sealed class UnitAccess(UnitDirectory units)
{
    public const string ClaimType = "dashboard:unit";

    public IReadOnlySet<string> Allowed(ClaimsPrincipal user)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in user.FindAll(ClaimType).Select(c => c.Value))
            Add(code, allowed);
        return allowed;
    }

    public bool CanSee(ClaimsPrincipal user, string unitCode) => Allowed(user).Contains(unitCode);

    /// <summary>The unit a page opens on: the one asked for if allowed, else the home commune if allowed, else the first allowed commune.</summary>
    public AdminUnit? Choose(ClaimsPrincipal user, string? requested, string home)
    {
        var allowed = Allowed(user);
        // The home commune merged since: the commune it became is home now.
        while (units.SuccessorOf(home) is { } next) home = next.Successor.Code;
        if (requested is not null && allowed.Contains(requested)) return units.Find(requested);
        if (requested is not null && units.Find(requested) is not null) return null;
        if (allowed.Contains(home)) return units.Find(home);
        return units.All.FirstOrDefault(u => u.Kind == UnitKind.Commune && allowed.Contains(u.Code))
               ?? units.All.FirstOrDefault(u => allowed.Contains(u.Code));
    }

    /// <summary>
    /// A unit, everything that was ever below it, what it was merged into (a merged commune's account follows its people to
    /// the new commune) and what was merged into each of those (whose history the new commune's figures count).
    /// </summary>
    private void Add(string code, HashSet<string> allowed)
    {
        if (units.Find(code) is null || !allowed.Add(code)) return;
        foreach (var below in units.EverBelow(code)) Add(below, allowed);
        if (units.SuccessorOf(code) is { } successor) Add(successor.Successor.Code, allowed);
        foreach (var predecessor in units.Predecessors(code)) Add(predecessor, allowed);
    }
}
