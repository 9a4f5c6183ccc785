using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dashboard.Shared.Store;

/// <summary>
/// The app's tables. SQLite uses this type; SQL Server and PostgreSQL use the subclasses in StoreProviders.cs, because
/// each provider keeps its own set of migrations and EF Core ties a set to a context type.
/// </summary>
public class DashboardDbContext : DbContext
{
    public DashboardDbContext(DbContextOptions<DashboardDbContext> options) : base(options) { }

    protected DashboardDbContext(DbContextOptions options) : base(options) { }

    public DbSet<UnitRow> Units => Set<UnitRow>();
    public DbSet<Reading> Readings => Set<Reading>();
    public DbSet<ReadingHistory> ReadingHistory => Set<ReadingHistory>();
    public DbSet<FeedRow> Feeds => Set<FeedRow>();
    public DbSet<FeedRun> FeedRuns => Set<FeedRun>();
    public DbSet<FeedRejection> FeedRejections => Set<FeedRejection>();
    public DbSet<SourceRecord> Records => Set<SourceRecord>();
    public DbSet<ManualEntryAudit> ManualEntries => Set<ManualEntryAudit>();
    public DbSet<PublishedRank> PublishedRanks => Set<PublishedRank>();
    public DbSet<RubricFile> RubricFiles => Set<RubricFile>();
    public DbSet<SourceRecordHistory> RecordHistory => Set<SourceRecordHistory>();
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<DigestDelivery> DigestDeliveries => Set<DigestDelivery>();
    public DbSet<PlanTaskStatus> PlanTasks => Set<PlanTaskStatus>();
    public DbSet<PlanTaskHistory> PlanTaskHistory => Set<PlanTaskHistory>();
    // --- Yearly plans (issue 19) ---
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<UnitSpanRow> UnitSpans => Set<UnitSpanRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        // --- Units over the years (branch units): the dated spans of each administrative unit. ---
        b.Entity<UnitSpanRow>(e =>
        {
            e.ToTable("unit_spans");
            e.HasIndex(x => new { x.Code, x.ValidFrom });
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Parent).HasMaxLength(64);
            e.Property(x => x.NameVi).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Successor).HasMaxLength(64);
        });
        // --- End of units over the years. ---
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
        b.Entity<FeedRow>(e =>
        {
            e.ToTable("feeds");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.NameVi).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Cron).HasMaxLength(100);
        });
        b.Entity<FeedRun>(e =>
        {
            e.ToTable("feed_runs");
            e.HasIndex(x => new { x.FeedId, x.StartedAt });
            e.Property(x => x.FeedId).HasMaxLength(64);
            e.Property(x => x.Trigger).HasMaxLength(16);
            e.Property(x => x.StartedBy).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(4000);
            e.HasMany(x => x.Rejections).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<FeedRejection>(e =>
        {
            e.ToTable("feed_rejections");
            e.Property(x => x.Field).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.UnitCode).HasMaxLength(64);
        });
        b.Entity<SourceRecord>(e =>
        {
            e.ToTable("source_records");
            e.HasIndex(x => new { x.Source, x.UnitCode, x.Kind, x.RecordKey }).IsUnique();
            e.HasIndex(x => new { x.UnitCode, x.Kind });
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.RecordKey).HasMaxLength(128);
        });
        b.Entity<ManualEntryAudit>(e =>
        {
            e.ToTable("manual_entry_audit");
            e.HasIndex(x => x.At);
            e.Property(x => x.Who).HasMaxLength(200);
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.KpiCode).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(16);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.OldValue).HasPrecision(20, 4);
            e.Property(x => x.NewValue).HasPrecision(20, 4);
        });
        b.Entity<RubricFile>(e =>
        {
            e.ToTable("rubric_files");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.FileName).HasMaxLength(260);
        });
        b.Entity<PublishedRank>(e =>
        {
            e.ToTable("published_ranks");
            e.HasIndex(x => new { x.UnitCode, x.RubricCode, x.Year }).IsUnique();
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.RubricCode).HasMaxLength(64);
            e.Property(x => x.BandCode).HasMaxLength(32);
            e.Property(x => x.EnteredBy).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.Score).HasPrecision(8, 2);
        });
        b.Entity<SourceRecordHistory>(e =>
        {
            e.ToTable("source_record_history");
            e.HasIndex(x => x.RecordId);
        });
        b.Entity<ReadingHistory>(e =>
        {
            e.ToTable("reading_history");
            e.HasIndex(x => x.ReadingId);
            e.Property(x => x.Value).HasPrecision(20, 4);
        });
        b.Entity<DigestSubscription>(e =>
        {
            e.ToTable("digest_subscriptions");
            e.HasIndex(x => x.Owner);
            e.Property(x => x.Owner).HasMaxLength(256);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Recipients).HasMaxLength(4000);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.Preset).HasMaxLength(32);
            e.Property(x => x.Cron).HasMaxLength(100);
            e.Property(x => x.Content).HasMaxLength(16);
            e.Property(x => x.Areas).HasMaxLength(400);
        });
        b.Entity<DigestDelivery>(e =>
        {
            e.ToTable("digest_deliveries");
            // The claim: one row per (subscription, period), whatever runs it.
            e.HasIndex(x => new { x.SubscriptionId, x.PeriodKey }).IsUnique();
            e.Property(x => x.PeriodKey).HasMaxLength(16);
            e.Property(x => x.MessageId).HasMaxLength(200);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(4000);
            e.Property(x => x.Refused).HasMaxLength(4000);
            e.HasOne<DigestSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlanTaskStatus>(e =>
        {
            e.ToTable("plan_task_status");
            e.HasIndex(x => new { x.UnitCode, x.TaskCode, x.Year }).IsUnique();
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.TaskCode).HasMaxLength(64);
            e.Property(x => x.Evidence).HasMaxLength(PlanTaskStore.MaxEvidence);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
        });
        b.Entity<PlanTaskHistory>(e =>
        {
            e.ToTable("plan_task_history");
            e.HasIndex(x => new { x.UnitCode, x.Year });
            e.Property(x => x.UnitCode).HasMaxLength(64);
            e.Property(x => x.TaskCode).HasMaxLength(64);
            e.Property(x => x.Evidence).HasMaxLength(PlanTaskStore.MaxEvidence);
            e.Property(x => x.RecordedBy).HasMaxLength(200);
        });

        // --- Yearly plans (issue 19): one block, so merging branches that add entities stays simple ---
        b.Entity<PlanVersion>(e =>
        {
            e.ToTable("plan_versions");
            e.HasIndex(x => new { x.Year, x.State });
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            e.Property(x => x.SavedBy).HasMaxLength(200);
            e.Property(x => x.PublishedBy).HasMaxLength(200);
        });
        // --- end of yearly plans ---
    }

    protected sealed override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Everything is stored as UTC; SQLite loses DateTimeKind, so it is restored on read.
        builder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
