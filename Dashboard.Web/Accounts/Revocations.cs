using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Whether what an open connection signed in with still stands: the person's account exists, is not locked and has the
/// security stamp of the sign-in (a lock, a new role or units, a reset password change it), or the API key is not revoked.
/// Open pages (<see cref="RevalidatingAuthentication"/>) and hub connections (<see cref="LiveSessionGuard"/>) ask every
/// <see cref="Hosting.AuthOptions.RevalidationInterval"/>; a change made on this node is told at once through the events.
/// The sign-in cookie asks on every request (Hosting/AccountsExtensions). A "still stands" is kept for two seconds, so many
/// requests and connections of one person cost one query.
/// </summary>
public sealed class Revocations(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time, IOptions<IdentityOptions> identity)
{
    // Measured on the process's own clock: how long an answer is reused is no business of the app's (testable) date.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (string? Stamp, DateTimeOffset? LockedUntil, long At)> _users = new();
    private readonly ConcurrentDictionary<long, (bool Active, long At)> _keys = new();

    /// <summary>An account's sign-in may no longer stand (locked, demoted, its units or password changed): its id.</summary>
    public event Action<string>? UserChanged;

    /// <summary>A key was revoked on this node: its id.</summary>
    public event Action<long>? KeyRevoked;

    public void TellUserChanged(string userId)
    {
        _users.TryRemove(userId, out _);
        UserChanged?.Invoke(userId);
    }

    public void TellKeyRevoked(long keyId)
    {
        _keys.TryRemove(keyId, out _);
        KeyRevoked?.Invoke(keyId);
    }

    public static long? KeyId(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? UserId(ClaimsPrincipal user) =>
        KeyId(user) is null && WallAuthentication.DeviceId(user) is null ? user.FindFirst(ClaimTypes.NameIdentifier)?.Value : null;

    /// <summary>
    /// True while the sign-in or key stands. A wall screen is checked by its own wall (Components/Wall), anonymous has
    /// nothing to lose; an authenticated principal that is none of these does not stand.
    /// </summary>
    public async Task<bool> StandsAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.Identity?.IsAuthenticated != true || WallAuthentication.DeviceId(user) is not null) return true;
        if (KeyId(user) is { } keyId) return await IsKeyActiveAsync(keyId, ct);
        if (UserId(user) is not { } userId) return false;
        var claimed = user.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        bool Matches((string? Stamp, DateTimeOffset? LockedUntil, long At) row) =>
            row.Stamp is not null && row.Stamp == claimed && !(row.LockedUntil > time.GetUtcNow());
        // Only a "yes" is taken from the cache: a sign-in newer than the cached row (a changed password) is read again.
        return Matches(await UserAsync(userId, fresh: false, ct)) || Matches(await UserAsync(userId, fresh: true, ct));
    }

    private async Task<bool> IsKeyActiveAsync(long keyId, CancellationToken ct)
    {
        if (_keys.TryGetValue(keyId, out var known) && Stopwatch.GetElapsedTime(known.At) < CacheFor) return known.Active;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.ApiKeys.AnyAsync(k => k.Id == keyId && k.RevokedAt == null, ct);
        _keys[keyId] = (active, Stopwatch.GetTimestamp());
        return active;
    }

    private async Task<(string? Stamp, DateTimeOffset? LockedUntil, long At)> UserAsync(string userId, bool fresh, CancellationToken ct)
    {
        if (!fresh && _users.TryGetValue(userId, out var known) && Stopwatch.GetElapsedTime(known.At) < CacheFor) return known;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.LockoutEnabled, u.LockoutEnd }).SingleOrDefaultAsync(ct);
        // A missing account has no stamp: nothing matches it.
        known = (row?.SecurityStamp, row is { LockoutEnabled: true } ? row.LockoutEnd : null, Stopwatch.GetTimestamp());
        _users[userId] = known;
        return known;
    }
}
