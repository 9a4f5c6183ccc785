using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Per-source API keys: a random secret shown once, stored as a hash (<see cref="Secrets"/>), scoped to feeds and units,
/// revocable, with the time of its last use. The overloads taking an administrator apply <see cref="AdminScope"/> (the admin
/// page uses those); the others are the system's own (first start, tests).
/// </summary>
public sealed class ApiKeys(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time, AdminScope scope, Revocations revocations)
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>Creates a key; the returned secret is never stored and cannot be shown again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IEnumerable<string> feeds, IEnumerable<string> units, string createdBy,
        CancellationToken ct = default)
    {
        var secret = Secrets.New("dbk_");
        var key = new ApiKey
        {
            Name = name.Trim(), Prefix = secret[..Secrets.PrefixLength], Hash = Secrets.Hash(secret), Feeds = string.Join(",", feeds.Distinct()),
            Units = string.Join(",", units.Distinct()), CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    /// <summary>Creates a key for units within the administrator's reach, or throws <see cref="AdminScopeException"/>.</summary>
    public Task<(ApiKey Key, string Secret)> CreateAsync(ClaimsPrincipal admin, string name, IEnumerable<string> feeds, IEnumerable<string> units,
        CancellationToken ct = default)
    {
        var list = units.Distinct().ToList();
        if (!scope.MayGrantUnits(admin, list)) throw new AdminScopeException(AdminRefusal.UnitsOutOfReach);
        return CreateAsync(name, feeds, list, admin.Identity?.Name ?? "?", ct);
    }

    /// <summary>The keys the administrator may manage: all of their units within its reach.</summary>
    public async Task<List<ApiKey>> ListAsync(ClaimsPrincipal admin, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(ct);
        return keys.Where(k => scope.MayManage(admin, ApiKeyAuthentication.Split(k.Units))).ToList();
    }

    /// <summary>Revokes a key within the administrator's reach (else <see cref="AdminScopeException"/>); false if unknown or already revoked.</summary>
    public async Task<bool> RevokeAsync(ClaimsPrincipal admin, long id, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct);
            if (key is null || key.RevokedAt is not null) return false;
            if (!scope.MayManage(admin, ApiKeyAuthentication.Split(key.Units))) throw new AdminScopeException(AdminRefusal.KeyOutOfReach);
        }
        return await RevokeAsync(id, ct);
    }

    /// <summary>The key a secret belongs to, if it is valid and not revoked; its last use is recorded.</summary>
    public async Task<ApiKey?> ValidateAsync(string secret, CancellationToken ct = default)
    {
        if (Secrets.PrefixOf(secret) is not { } prefix) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || key.RevokedAt is not null || !Secrets.Matches(secret, key.Hash)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        // Last use to the minute is enough to show, and spares the store a write per request.
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return key;
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FindAsync([id], ct);
        if (key is null || key.RevokedAt is not null) return false;
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        // Its open hub connections on this node end now; other nodes' at their next check (LiveSessionGuard).
        revocations.TellKeyRevoked(id);
        return true;
    }
}
