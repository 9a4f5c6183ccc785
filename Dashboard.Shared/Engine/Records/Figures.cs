using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine.Records;

/// <summary>A KPI for a unit and window: from its records when the unit has that kind of record, else from a reading.</summary>
public sealed record Figure(KpiDefinition Kpi, decimal? Value, Measure? Measure, string? Source, string? Period)
{
    public bool FromRecords => Measure is not null;
    public KpiStatus Status => Value is { } v ? StatusRules.Evaluate(v, Kpi.Target, Kpi.Amber) : KpiStatus.NoData;
}

/// <summary>The readings of some units, to find the figure a reading gives for a window.</summary>
public sealed class ReadingBook(IEnumerable<Reading> readings)
{
    public const string RecordsSource = "records";

    private readonly ILookup<(string Unit, string Kpi), Reading> _byKpi = readings
        // Readings the records job wrote are figures of the records themselves: never read them back as input.
        .Where(r => r.Source != RecordsSource)
        .ToLookup(r => (r.UnitCode, r.KpiCode));

    public static readonly ReadingBook Empty = new([]);

    /// <summary>
    /// The reading that speaks for a window: one for exactly that period first, then the latest one inside it, then one
    /// whose period covers it (a yearly survey for a month); real sources before demo data. <paramref name="insideOnly"/>:
    /// only a reading whose period lies inside the window (what a rubric scores: a yearly survey is not a month's figure).
    /// </summary>
    public Reading? In(string unit, string kpi, ReportingWindow window, bool insideOnly = false)
    {
        Reading? best = null;
        var bestRank = (Demo: true, Fit: int.MaxValue, End: DateOnly.MinValue);
        foreach (var r in _byKpi[(unit, kpi)])
        {
            if (!ReportingPeriod.TryParse(r.Period, out var p) || p.Start >= window.End || p.End <= window.Start) continue;
            var fit = p.Start == window.Start && p.End == window.End ? 0 : p.Start >= window.Start && p.End <= window.End ? 1 : 2;
            if (insideOnly && fit == 2) continue;
            var rank = (Demo: r.Source == Sources.Simulator, Fit: fit, End: p.End);
            if (best is null || Better(rank, bestRank)) (best, bestRank) = (r, rank);
        }
        return best;

        static bool Better((bool Demo, int Fit, DateOnly End) a, (bool Demo, int Fit, DateOnly End) b) =>
            a.Demo != b.Demo ? !a.Demo : a.Fit != b.Fit ? a.Fit < b.Fit : a.End > b.End;
    }
}

public static class Figures
{
    /// <param name="insideOnly">Take a reading only when its period lies inside the window (see <see cref="ReadingBook.In"/>).</param>
    public static Figure Of(KpiDefinition kpi, UnitRecords records, ReadingBook readings, ReportingWindow window, DateTimeOffset now,
        bool insideOnly = false)
    {
        if (Measures.ForKpi(kpi.Code) is { } definition && records.Has(definition.Kind))
        {
            var measure = Measures.Compute(definition, MeasureContext.Of(records, window, now));
            return new Figure(kpi, measure.Rate, measure, ReadingBook.RecordsSource, null);
        }
        var reading = readings.In(records.UnitCode, kpi.Code, window, insideOnly);
        return new Figure(kpi, reading?.Value, null, reading?.Source, reading?.Period);
    }

    /// <summary>
    /// What a rubric criterion is measured at: its record measure, or its KPI's figure. A reading counts only when its
    /// period lies in the scored period, so a yearly survey is not scored again in every month.
    /// </summary>
    public static CriterionInput Input(Criterion criterion, KpiCatalog catalog, UnitRecords records, ReadingBook readings, ReportingWindow window,
        DateTimeOffset now)
    {
        if (criterion.Measure is { } code && Measures.Find(code) is { } definition)
        {
            if (!records.Has(definition.Kind)) return new(null, null);
            var measure = Measures.Compute(definition, MeasureContext.Of(records, window, now));
            return new(measure.Rate, measure);
        }
        if (criterion.Kpi is { } kpiCode && catalog.Find(kpiCode) is { } kpi)
        {
            var figure = Of(kpi, records, readings, window, now, insideOnly: true);
            return new(figure.Value, figure.Measure);
        }
        return new(null, null);
    }
}
