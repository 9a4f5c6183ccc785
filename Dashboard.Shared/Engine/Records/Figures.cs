using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine.Records;

/// <summary>A KPI for a unit and window: from its records when the unit has that kind of record, else from a reading
/// (or, for a yearly count, the sum of the readings inside the window).</summary>
/// <param name="Window">The window the figure was asked for: a yearly count target is pro-rated to the reading's own period
/// when there is one, else to this window.</param>
public sealed record Figure(KpiDefinition Kpi, decimal? Value, Measure? Measure, string? Source, string? Period, ReportingWindow? Window = null)
{
    public bool FromRecords => Measure is not null;

    /// <summary>
    /// A share of too few records to judge (<see cref="MeasureDefinition.MinRecords"/>): shown with its count as "not enough
    /// data", never as met or not met. A month that has just begun with one overdue dossier is not a 100% collapse.
    /// </summary>
    public bool Insufficient => Measure is { } m && Measures.Find(m.Code) is { } d && m.Records < d.MinRecords;

    public KpiStatus Status => Value is not { } v || Insufficient ? KpiStatus.NoData
        : ReportingPeriod.TryParse(Period, out var p) ? StatusRules.Evaluate(v, Kpi.Target, Kpi.Amber, p.Start, p.End)
        : Window is { } w ? StatusRules.Evaluate(v, Kpi.Target, Kpi.Amber, w.Start, w.End)
        : StatusRules.Evaluate(v, Kpi.Target, Kpi.Amber);

    /// <summary>The target this figure is judged against (a yearly count's share of the period).</summary>
    public Target? Target => Kpi.Target is { PerYear: true } t
        ? ReportingPeriod.TryParse(Period, out var p) ? t.For(p.Start, p.End) : Window is { } w ? t.For(w.Start, w.End) : t
        : Kpi.Target;
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

    /// <summary>
    /// A count over a window: a reading for exactly the window if there is one, else the sum of the readings whose periods
    /// lie inside it (for the year to date, the current month's too; real sources before demo data; the shortest periods first and none counted twice, so a quarter
    /// is not added to the months it holds). Null when nothing was counted in the window.
    /// </summary>
    public (decimal Value, string Source)? Sum(string unit, string kpi, ReportingWindow window)
    {
        // The year to date ends today, inside a month (and a year) whose count so far is that period's reading: it counts.
        var limit = window.Kind == WindowKind.YearToDate ? window.Start.AddYears(1) : window.End;
        var inside = _byKpi[(unit, kpi)]
            .Select(r => (Reading: r, Ok: ReportingPeriod.TryParse(r.Period, out var p), Period: p))
            .Where(x => x.Ok && x.Period.Start >= window.Start && x.Period.Start < window.End && x.Period.End <= limit)
            .ToList();
        if (inside.Count == 0) return null;
        var real = inside.Where(x => x.Reading.Source != Sources.Simulator).ToList();
        var pool = real.Count > 0 ? real : inside;
        if (pool.FirstOrDefault(x => x.Period.Start == window.Start && x.Period.End == window.End) is { Reading: not null } exact)
            return (exact.Reading.Value, exact.Reading.Source);
        var taken = new List<ReportingPeriod>();
        decimal sum = 0;
        foreach (var x in pool.OrderBy(x => x.Period.End.DayNumber - x.Period.Start.DayNumber).ThenByDescending(x => x.Reading.UpdatedAt))
        {
            if (taken.Any(t => t.Start < x.Period.End && x.Period.Start < t.End)) continue;
            taken.Add(x.Period);
            sum += x.Reading.Value;
        }
        return (sum, pool[0].Reading.Source);
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
            var measure = records.Measure(definition, window, now);
            return new Figure(kpi, measure.Rate, measure, ReadingBook.RecordsSource, null);
        }
        if (kpi.Target is { PerYear: true })
        {
            // A yearly count: what was counted in the window, judged against the window's share of the year.
            var sum = readings.Sum(records.UnitCode, kpi.Code, window);
            // A unit formed by a merger counts what the units merged into it counted, each once.
            foreach (var predecessor in records.Predecessors)
                if (readings.Sum(predecessor, kpi.Code, window) is { } part)
                    sum = (part.Value + (sum?.Value ?? 0), sum?.Source ?? part.Source);
            return new Figure(kpi, sum?.Value, null, sum?.Source, null, window);
        }
        var reading = readings.In(records.UnitCode, kpi.Code, window, insideOnly);
        return new Figure(kpi, reading?.Value, null, reading?.Source, reading?.Period, window);
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
            var measure = records.Measure(definition, window, now);
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
