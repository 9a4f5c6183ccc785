namespace Dashboard.Shared.Store;

/// <summary>
/// A record from a source system (a dossier, a procedure, a report…), keyed by (source, unit, kind, id).
/// Exports are cumulative: a row that comes back changed updates the record and keeps the old version in history.
/// </summary>
public sealed class SourceRecord
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string UnitCode { get; set; }
    /// <summary>dossier, procedure, feedback, report, task, document or disbursement.</summary>
    public required string Kind { get; set; }
    /// <summary>The record's id in the source (ma_ho_so, ma_thu_tuc…).</summary>
    public required string RecordKey { get; set; }
    /// <summary>The normalised fields as JSON (dates ISO, booleans true/false, amounts as numbers).</summary>
    public required string DataJson { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class SourceRecordHistory
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public required string DataJson { get; set; }
    public DateTime ValidFrom { get; set; }
    public DateTime ReplacedAt { get; set; }
}
