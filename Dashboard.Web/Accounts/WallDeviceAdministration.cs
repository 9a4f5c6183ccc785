using System.Security.Claims;
using Dashboard.Web.Wall;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The admin page's way to <see cref="WallDevices"/>: a screen is registered only for units within the administrator's
/// reach, and edited or revoked only when all of its units are (<see cref="AdminScope"/>); else <see cref="AdminScopeException"/>.
/// </summary>
public sealed class WallDeviceAdministration(WallDevices devices, WallPairing pairing, AdminScope scope)
{
    public async Task<List<WallDevice>> ListAsync(ClaimsPrincipal admin, CancellationToken ct = default) =>
        (await devices.ListAsync(ct)).Where(d => scope.MayManage(admin, ApiKeyAuthentication.Split(d.Units))).ToList();

    /// <summary>The device, if the administrator may manage it.</summary>
    public async Task<WallDevice?> FindAsync(ClaimsPrincipal admin, long id, CancellationToken ct = default) =>
        await devices.FindAsync(id, ct) is { } device && scope.MayManage(admin, ApiKeyAuthentication.Split(device.Units)) ? device : null;

    public Task<(WallDevice Device, string Secret)> CreateAsync(ClaimsPrincipal admin, string name, IEnumerable<string> units, IEnumerable<WallSlot> playlist,
        CancellationToken ct = default)
    {
        var list = units.Distinct().ToList();
        if (!scope.MayGrantUnits(admin, list)) throw new AdminScopeException(AdminRefusal.UnitsOutOfReach);
        return devices.CreateAsync(name, list, playlist, admin.Identity?.Name ?? "?", ct);
    }

    public async Task<bool> UpdateAsync(ClaimsPrincipal admin, long id, IEnumerable<string> units, IEnumerable<WallSlot> playlist, CancellationToken ct = default)
    {
        await EnsureManagedAsync(admin, id, ct);
        var list = units.Distinct().ToList();
        if (!scope.MayGrantUnits(admin, list)) throw new AdminScopeException(AdminRefusal.UnitsOutOfReach);
        return await devices.UpdateAsync(id, list, playlist, ct);
    }

    public async Task<bool> RevokeAsync(ClaimsPrincipal admin, long id, CancellationToken ct = default)
    {
        await EnsureManagedAsync(admin, id, ct);
        return await devices.RevokeAsync(id, ct);
    }

    /// <summary>A short pairing code for a screen the administrator manages (null if the screen is revoked or gone).</summary>
    public async Task<(string Code, WallPairingCode Row)?> IssueCodeAsync(ClaimsPrincipal admin, long id, CancellationToken ct = default)
    {
        await EnsureManagedAsync(admin, id, ct);
        return await pairing.IssueAsync(id, admin.Identity?.Name ?? "?", ct);
    }

    public async Task<bool> CancelCodeAsync(ClaimsPrincipal admin, long codeId, CancellationToken ct = default)
    {
        if (await pairing.FindAsync(codeId, ct) is not { } code) return false;
        await EnsureManagedAsync(admin, code.DeviceId, ct);
        return await pairing.CancelAsync(codeId, ct);
    }

    /// <summary>Pending codes of the screens the administrator manages, by device id.</summary>
    public async Task<Dictionary<long, PendingPairingCode>> PendingCodesAsync(IEnumerable<WallDevice> managed, CancellationToken ct = default)
    {
        var ids = managed.Select(d => d.Id).ToHashSet();
        return (await pairing.PendingAsync(ct)).Where(c => ids.Contains(c.DeviceId)).GroupBy(c => c.DeviceId).ToDictionary(g => g.Key, g => g.Last());
    }

    private async Task EnsureManagedAsync(ClaimsPrincipal admin, long id, CancellationToken ct)
    {
        if (await devices.FindAsync(id, ct) is { } device && !scope.MayManage(admin, ApiKeyAuthentication.Split(device.Units)))
            throw new AdminScopeException(AdminRefusal.DeviceOutOfReach);
    }
}
