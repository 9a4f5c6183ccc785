using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Accounts;

/// <summary>A person who signs in. Units are kept as user claims (<see cref="UnitAccess.ClaimType"/>).</summary>
public sealed class DashboardUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for a password someone else chose (the first admin's one-time password, a reset): changed at next sign-in.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>A key one source system uses for the ingest API; only its hash is kept.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The key's first characters, shown to tell keys apart and used to find it.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    /// <summary>Feed ids (and reading sources) it may write, comma-separated.</summary>
    public required string Feeds { get; set; }
    /// <summary>Units it may write and read, comma-separated (with their children).</summary>
    public required string Units { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// A wall screen: it signs in with its own secret (only the hash is kept), sees its units' wall and nothing else, and
/// can be revoked. <see cref="Stamp"/> changes on revocation so a cookie issued before it stops working everywhere.
/// </summary>
public sealed class WallDevice
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    /// <summary>Units it shows, comma-separated; the first commune among them is the one on screen.</summary>
    public required string Units { get; set; }
    /// <summary>Views and seconds, e.g. <c>overview:20,tthc:20,scores:30</c> (see Wall/WallPlaylist).</summary>
    public required string Playlist { get; set; }
    public required string Stamp { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastContactAt { get; set; }
    public string? LastAddress { get; set; }
}

/// <summary>
/// A short code an administrator issues for one wall screen, typed on the screen's remote at <c>/wall/pair</c>: only its
/// hash is kept, it expires after <c>Wall:PairingCodeLifetime</c>, and it pairs once (<see cref="UsedAt"/>).
/// </summary>
public sealed class WallPairingCode
{
    public long Id { get; set; }
    public long DeviceId { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
}

/// <summary>Sign-ins, refusals and administrative actions: who, what, when, from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Who { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
    public string? Address { get; set; }
}

/// <summary>
/// Accounts live in the app's database but have a context and migrations of their own, so the domain store
/// (Dashboard.Shared) stays free of ASP.NET types.
/// </summary>
/// <summary>
/// Accounts, keys, devices and the audit trail, in the same database as the app's tables with a history table of their
/// own. SQLite uses this type; SQL Server and PostgreSQL use the subclasses below (each provider has its own migrations).
/// On a server database it also holds the data-protection keys, so every node reads the same cookies.
/// </summary>
public class AccountsDbContext : IdentityDbContext<DashboardUser>, IDataProtectionKeyContext
{
    public AccountsDbContext(DbContextOptions<AccountsDbContext> options) : base(options) { }

    protected AccountsDbContext(DbContextOptions options) : base(options) { }

    public const string HistoryTable = "__accounts_migrations";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<WallDevice> WallDevices => Set<WallDevice>();
    public DbSet<WallPairingCode> WallPairingCodes => Set<WallPairingCode>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Identity's tables get a prefix so they sit clearly apart from the domain tables in the same file.
        b.Entity<DashboardUser>().ToTable("auth_users");
        b.Entity<IdentityRole>().ToTable("auth_roles");
        b.Entity<IdentityUserRole<string>>().ToTable("auth_user_roles");
        b.Entity<IdentityUserClaim<string>>().ToTable("auth_user_claims");
        b.Entity<IdentityUserLogin<string>>().ToTable("auth_user_logins");
        b.Entity<IdentityRoleClaim<string>>().ToTable("auth_role_claims");
        b.Entity<IdentityUserToken<string>>().ToTable("auth_user_tokens");
        b.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(x => x.Prefix).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Hash).HasMaxLength(128);
        });
        b.Entity<WallDevice>(e =>
        {
            e.ToTable("wall_devices");
            e.HasIndex(x => x.Prefix).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Hash).HasMaxLength(128);
            e.Property(x => x.Units).HasMaxLength(2000);
            e.Property(x => x.Playlist).HasMaxLength(2000);
            e.Property(x => x.Stamp).HasMaxLength(64);
            e.Property(x => x.LastAddress).HasMaxLength(64);
        });
        b.Entity<WallPairingCode>(e =>
        {
            e.ToTable("wall_pairing_codes");
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => x.DeviceId);
            e.Property(x => x.Hash).HasMaxLength(128);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.HasOne<WallDevice>().WithMany().HasForeignKey(x => x.DeviceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(x => x.At);
            e.Property(x => x.Who).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Detail).HasMaxLength(2000);
            e.Property(x => x.Address).HasMaxLength(64);
        });
        b.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}

public sealed class SqlServerAccountsDbContext(DbContextOptions<SqlServerAccountsDbContext> options) : AccountsDbContext(options);

public sealed class PostgreSqlAccountsDbContext(DbContextOptions<PostgreSqlAccountsDbContext> options) : AccountsDbContext(options);
