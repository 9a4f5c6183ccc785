using System.Collections.Concurrent;
using Dashboard.Web.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Wall;

/// <summary>
/// Wall screens: registered by an administrator, paired once with a secret (only its hash is kept), revocable. Whether a
/// device is still allowed is asked on every request and every few seconds by its open wall, so answers are cached briefly.
/// </summary>
public sealed class WallDevices(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time)
{
    public const string SecretKind = "dwt_";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, (string? Stamp, DateTimeOffset At)> _active = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _touched = new();

    /// <summary>Raised after a device is revoked on this node, so its open wall closes at once rather than at its next check.</summary>
    public event Action<long>? Revoked;

    public async Task<(WallDevice Device, string Secret)> CreateAsync(string name, IEnumerable<string> units, IEnumerable<WallSlot> playlist,
        string createdBy, CancellationToken ct = default)
    {
        var secret = Secrets.New(SecretKind);
        var device = new WallDevice
        {
            Name = name.Trim(), Prefix = secret[..Secrets.PrefixLength], Hash = Secrets.Hash(secret), Units = string.Join(",", units.Distinct()),
            Playlist = WallPlaylist.Format(playlist), Stamp = Guid.NewGuid().ToString("N"), CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = createdBy,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.WallDevices.Add(device);
        await db.SaveChangesAsync(ct);
        return (device, secret);
    }

    /// <summary>The device a pairing secret belongs to, if it is valid and not revoked.</summary>
    public async Task<WallDevice?> PairAsync(string secret, CancellationToken ct = default)
    {
        if (Secrets.PrefixOf(secret) is not { } prefix) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var device = await db.WallDevices.AsNoTracking().SingleOrDefaultAsync(d => d.Prefix == prefix, ct);
        return device is { RevokedAt: null } && Secrets.Matches(secret, device.Hash) ? device : null;
    }

    public async Task<WallDevice?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WallDevices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
    }

    public async Task<List<WallDevice>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WallDevices.AsNoTracking().OrderBy(d => d.RevokedAt != null).ThenBy(d => d.Name).ToListAsync(ct);
    }

    public async Task<bool> UpdateAsync(long id, IEnumerable<string> units, IEnumerable<WallSlot> playlist, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var device = await db.WallDevices.FindAsync([id], ct);
        if (device is null || device.RevokedAt is not null) return false;
        device.Units = string.Join(",", units.Distinct());
        device.Playlist = WallPlaylist.Format(playlist);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var device = await db.WallDevices.FindAsync([id], ct);
            if (device is null || device.RevokedAt is not null) return false;
            device.RevokedAt = time.GetUtcNow().UtcDateTime;
            device.Stamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync(ct);
        }
        _active.TryRemove(id, out _);
        Revoked?.Invoke(id);
        return true;
    }

    /// <summary>True while the device exists, is not revoked and its cookie carries the current stamp.</summary>
    public async Task<bool> IsActiveAsync(long id, string stamp, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (!_active.TryGetValue(id, out var known) || now - known.At > CacheFor)
        {
            var device = await FindAsync(id, ct);
            known = (device is { RevokedAt: null } ? device.Stamp : null, now);
            _active[id] = known;
        }
        return known.Stamp == stamp;
    }

    /// <summary>Records the device's last contact (and address, when a request gives one), at most once a minute.</summary>
    public async Task TouchAsync(long id, string? address, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_touched.TryGetValue(id, out var last) && now - last < TouchEvery) return;
        _touched[id] = now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WallDevices.Where(d => d.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LastContactAt, now.UtcDateTime).SetProperty(d => d.LastAddress, d => address ?? d.LastAddress), ct);
    }
}

/// <summary>Open walls per device on this node, so an administrator (and the restart test) can see a screen holds one, not two.</summary>
public sealed class WallCircuits
{
    private readonly ConcurrentDictionary<long, int> _open = new();

    public int Of(long deviceId) => _open.GetValueOrDefault(deviceId);

    public IDisposable Open(long deviceId)
    {
        _open.AddOrUpdate(deviceId, 1, (_, n) => n + 1);
        return new Closer(this, deviceId);
    }

    private sealed class Closer(WallCircuits owner, long deviceId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) owner._open.AddOrUpdate(deviceId, 0, (_, n) => Math.Max(0, n - 1));
        }
    }
}
