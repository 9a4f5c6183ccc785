namespace Dashboard.Shared.Store;

public sealed class UnitRow
{
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public string? Parent { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>One figure for (unit, KPI, period, source). A new value for the same key replaces it; the old one goes to history.</summary>
public sealed class Reading
{
    public long Id { get; set; }
    public required string UnitCode { get; set; }
    public required string KpiCode { get; set; }
    public required string Period { get; set; }
    public required string Source { get; set; }
    public decimal Value { get; set; }
    /// <summary>UTC. When this value (not the key) first arrived.</summary>
    public DateTime UpdatedAt { get; set; }
    /// <summary>UTC. The last time the source sent this key, changed or not.</summary>
    public DateTime LastSeenAt { get; set; }
}

public sealed class ReadingHistory
{
    public long Id { get; set; }
    public long ReadingId { get; set; }
    public decimal Value { get; set; }
    /// <summary>UTC. When the replaced value had arrived.</summary>
    public DateTime ValidFrom { get; set; }
    /// <summary>UTC. When it was replaced.</summary>
    public DateTime ReplacedAt { get; set; }
}
