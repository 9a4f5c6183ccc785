namespace Dashboard.Shared.Store;

/// <summary>
/// A rank and band the district (or province) published for a unit, entered by hand: a single-commune installation has
/// no sibling figures to rank itself against, so the official result is kept and always labelled as entered by hand.
/// </summary>
/// <summary>A rubric file an administrator loaded (the province's own), kept as sent: every node reads the same one.</summary>
public sealed class RubricFile
{
    /// <summary>The rubric's code, from inside the file.</summary>
    public required string Code { get; set; }
    public required string FileName { get; set; }
    public required string Json { get; set; }
    public DateTime SavedAt { get; set; }
}

public sealed class PublishedRank
{
    public long Id { get; set; }
    public required string UnitCode { get; set; }
    /// <summary>The rubric the rank is for (e.g. "qd-766-2022", "par-xa-vi-du-2023").</summary>
    public required string RubricCode { get; set; }
    public int Year { get; set; }
    public int Rank { get; set; }
    public int OutOf { get; set; }
    public decimal? Score { get; set; }
    /// <summary>The band's code in the rubric (xuat-sac, tot, kha…).</summary>
    public required string BandCode { get; set; }
    public required string EnteredBy { get; set; }
    public DateTime EnteredAt { get; set; }
    public string? Note { get; set; }
}
