using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Wall;

/// <summary>What became of a typed pairing code; each gets its own message on <c>/wall/pair</c>.</summary>
public enum PairingOutcome { Paired, Malformed, Unknown, Expired, Used, Cancelled, DeviceRevoked }

/// <summary>A code waiting to be typed (its hash only): which device, until when.</summary>
public sealed record PendingPairingCode(long Id, long DeviceId, DateTime ExpiresAt);

/// <summary>
/// Pairing by short code (<see cref="PairingCode"/>): an administrator issues one for a registered screen, the screen
/// types it once before it expires. A new code for a device cancels the one still pending, so one screen has one code.
/// </summary>
public sealed class WallPairing(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time, IOptions<WallOptions> options)
{
    public TimeSpan Lifetime => options.Value.PairingCodeLifetime;

    /// <summary>A new code for an active device (null if it is revoked or gone) and when it expires (UTC).</summary>
    public async Task<(string Code, WallPairingCode Row)?> IssueAsync(long deviceId, string createdBy, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.WallDevices.AnyAsync(d => d.Id == deviceId && d.RevokedAt == null, ct)) return null;
            await db.WallPairingCodes.Where(c => c.DeviceId == deviceId && c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.CancelledAt, now), ct);
            var code = PairingCode.New();
            var row = new WallPairingCode { DeviceId = deviceId, Hash = PairingCode.Hash(code), CreatedAt = now, ExpiresAt = now + Lifetime, CreatedBy = createdBy };
            db.WallPairingCodes.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return (code, row);
            }
            // The same code drawn twice (one chance in 31^8) hits the unique hash: draw again.
            catch (DbUpdateException) when (attempt < 3) { }
        }
    }

    /// <summary>
    /// Spends the code: the device it pairs when it is known, pending and the device is active. Claiming is one
    /// conditional update, so two screens typing the same code at once cannot both pair.
    /// </summary>
    public async Task<(PairingOutcome Outcome, WallDevice? Device)> RedeemAsync(string? typed, CancellationToken ct = default)
    {
        if (PairingCode.Normalize(typed) is not { } code) return (PairingOutcome.Malformed, null);
        var hash = PairingCode.Hash(code);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WallPairingCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Hash == hash, ct);
        if (row is null) return (PairingOutcome.Unknown, null);
        if (row.UsedAt is not null) return (PairingOutcome.Used, null);
        if (row.CancelledAt is not null) return (PairingOutcome.Cancelled, null);
        if (row.ExpiresAt <= now) return (PairingOutcome.Expired, null);
        var device = await db.WallDevices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == row.DeviceId, ct);
        if (device is not { RevokedAt: null }) return (PairingOutcome.DeviceRevoked, null);
        var claimed = await db.WallPairingCodes
            .Where(c => c.Id == row.Id && c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), ct);
        return claimed == 1 ? (PairingOutcome.Paired, device) : (PairingOutcome.Used, null);
    }

    /// <summary>Cancels a pending code; false if it was not pending.</summary>
    public async Task<bool> CancelAsync(long codeId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WallPairingCodes.Where(c => c.Id == codeId && c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.CancelledAt, now), ct) == 1;
    }

    public async Task<WallPairingCode?> FindAsync(long codeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WallPairingCodes.AsNoTracking().SingleOrDefaultAsync(c => c.Id == codeId, ct);
    }

    /// <summary>The codes still waiting to be typed, at most one per device.</summary>
    public async Task<List<PendingPairingCode>> PendingAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WallPairingCodes.AsNoTracking().Where(c => c.UsedAt == null && c.CancelledAt == null && c.ExpiresAt > now)
            .OrderBy(c => c.Id).Select(c => new PendingPairingCode(c.Id, c.DeviceId, c.ExpiresAt)).ToListAsync(ct);
    }
}
