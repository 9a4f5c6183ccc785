using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dashboard.Shared.Store;

public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public DbSet<UnitRow> Units => Set<UnitRow>();
    public DbSet<Reading> Readings => Set<Reading>();
    public DbSet<ReadingHistory> ReadingHistory => Set<ReadingHistory>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<UnitRow>(e =>
        {
            e.ToTable("units");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Parent).HasMaxLength(64);
            e.Property(x => x.NameVi).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
        });
        b.Entity<Reading>(e =>
        {
            e.ToTable("readings");
            e.HasIndex(x => new { x.UnitCode, x.KpiCode, x.Period, x.Source }).IsUnique();
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.KpiCode).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(16);
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.Value).HasPrecision(20, 4);
        });
        b.Entity<ReadingHistory>(e =>
        {
            e.ToTable("reading_history");
            e.HasIndex(x => x.ReadingId);
            e.Property(x => x.Value).HasPrecision(20, 4);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Everything is stored as UTC; SQLite loses DateTimeKind, so it is restored on read.
        builder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
