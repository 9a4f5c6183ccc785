using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Per-source API keys: a random secret shown once, stored as a hash (<see cref="Secrets"/>), scoped to feeds and units,
/// revocable, with the time of its last use.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time)
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
        return true;
    }
}
