using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Ingest;

/// <summary>
/// What a plausible figure or record looks like, for every way data comes in (API, feeds, imports, the manual form).
/// Section <c>Ingest:Limits</c>; the defaults and the reasons for them are in docs/feeds.md ("Limits").
/// </summary>
public sealed class IngestLimits
{
    public const string Section = "Ingest:Limits";

    /// <summary>The widest range configuration may set: beyond it, date arithmetic in the engine could overflow.</summary>
    public static readonly DateOnly Floor = new(1900, 1, 1), Ceiling = new(2999, 12, 31);

    /// <summary>Earliest date a record may carry (a receipt, a deadline, a date of issue…), and the start of the earliest period.</summary>
    public DateOnly EarliestDate { get; set; } = new(ReportingPeriod.FirstYear, 1, 1);

    /// <summary>Latest date a record may carry, and the end of the latest period.</summary>
    public DateOnly LatestDate { get; set; } = new(ReportingPeriod.LastYear, 12, 31);

    /// <summary>Largest count (dossiers, violations, articles…): whole numbers up to a hundred million.</summary>
    public decimal MaxCount { get; set; } = 100_000_000m;

    /// <summary>Largest score (points of a rubric or index).</summary>
    public decimal MaxScore { get; set; } = 10_000m;

    /// <summary>Largest amount of money in đồng, for figures and for record amounts: 1 triệu tỷ (10^15), above any budget.</summary>
    public decimal MaxVnd { get; set; } = 1_000_000_000_000_000m;

    public bool Contains(DateOnly day) => day >= EarliestDate && day <= LatestDate;

    /// <summary>"từ 01/01/2000 đến 31/12/2100", for messages.</summary>
    public string DateRangeText =>
        $"từ {EarliestDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến {LatestDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>The largest plausible value of a figure in <paramref name="unit"/> (percent 100, band 5).</summary>
    public decimal MaxFor(KpiUnit unit) => unit switch
    {
        KpiUnit.Percent => 100m,
        KpiUnit.Band => 5m,
        KpiUnit.Count => MaxCount,
        KpiUnit.Score => MaxScore,
        _ => MaxVnd,
    };

    /// <summary>What is wrong with these limits, for the start-up check; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (EarliestDate < Floor || LatestDate > Ceiling)
            yield return $"{Section}: EarliestDate và LatestDate phải nằm trong khoảng {Floor:yyyy-MM-dd} đến {Ceiling:yyyy-MM-dd}.";
        if (EarliestDate >= LatestDate) yield return $"{Section}: EarliestDate phải trước LatestDate.";
        if (MaxCount <= 0 || MaxScore <= 0 || MaxVnd <= 0) yield return $"{Section}: MaxCount, MaxScore và MaxVnd phải lớn hơn 0.";
        // Values are stored as decimal(20, 4).
        if (MaxCount >= 1e16m || MaxScore >= 1e16m || MaxVnd >= 1e16m) yield return $"{Section}: giá trị tối đa phải nhỏ hơn 10^16.";
    }
}
