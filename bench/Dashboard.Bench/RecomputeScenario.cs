using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Scoring;
using Dashboard.Shared.Time;

namespace Dashboard.Bench;

/// <summary>
/// Recomputing a unit from the in-memory record cache: every catalog KPI's figure and both rubrics' score cards (Decision
/// 766 and the province's commune PAR index), as the score and rank pages do, in-process on synthetic records. One
/// commune of 50,000 dossiers; a province of 300 communes with 2,000,000 dossiers in all; and, for scale, reading a
/// commune's dossiers from their stored JSON (what loading it into the cache costs).
/// </summary>
public sealed class RecomputeScenario(bool smoke) : IScenario
{
    public string Name => "recompute";
    public bool NeedsServer => false;
    public string? Details { get; private set; }

    /// <summary>Fixed, so the records and the figures are the same on every run: 10:00 local on 27/11/2026.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly Today = new(2026, 11, 27);

    /// <summary>Recomputes of each window before any timing: tiered compilation needs a few dozen calls of a method (and 100 ms without new JIT work) to optimise it.</summary>
    private const int WarmUps = 50;

    private const string CommuneTarget = "< 50 ms (p95)";
    private const string ProvinceTarget = "< 2 s (every repetition)";

    public Task<IReadOnlyList<Result>> RunAsync(string webDll) => Task.Run(Run);

    private IReadOnlyList<Result> Run()
    {
        var seeds = Path.Combine(Repo.Root(), "seeds");
        var catalog = CatalogLoader.LoadFile(Path.Combine(seeds, "kpi-catalog.json"));
        Rubric[] rubrics =
        [
            RubricLoader.LoadFile(Path.Combine(seeds, "rubrics", "qd-766-2022.json"), k => catalog.Find(k) is not null),
            RubricLoader.LoadFile(Path.Combine(seeds, "rubrics", "par-xa-vi-du-2023.json"), k => catalog.Find(k) is not null),
        ];
        var engine = new Recompute(catalog, rubrics, Now);
        var synth = new SyntheticRecords(Now);
        var ytd = ReportingWindow.Containing(WindowKind.YearToDate, CutOff.Calendar, Today);
        var month = ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, Today);
        var results = new List<Result>();
        var details = new StringBuilder();
        details.AppendLine("## Recompute: every KPI and both score cards from the record cache");
        details.AppendLine();
        details.AppendLine($"In-process (no server, no store), {(GCSettings.IsServerGC ? "server" : "workstation")} GC. A recompute of a unit is " +
            $"every catalog KPI's figure ({catalog.Kpis.Count} KPIs: `Figures.Of`) and both score cards ({string.Join(" and ", rubrics.Select(r => $"`{r.Code}`"))}: " +
            "`ScoreCalculator.Score` over `Figures.Input`), for one window: year to date (1/1 to 27/11/2026) unless a row says the month (November 2026). " +
            "\"Now\" is fixed at 10:00 local on 27/11/2026.");
        details.AppendLine();
        details.AppendLine($"Synthetic records, the same on every run (seeded): per commune {SyntheticRecords.Procedures} procedures (processing 1–30 days, " +
            "a few take most dossiers), dossiers received on weekdays in office hours over the 13 months before now (88% returned on time, 9% late, " +
            "3% stuck; those not returned by now are open; channels in person / partly / fully online / post; apology letter on 60% of late ones, " +
            $"80% of results digitised, fees paid online on about half of the online dossiers that carry one), {SyntheticRecords.FeedbackPerCommune} pieces of feedback, " +
            $"{SyntheticRecords.ReportsPerCommune} reports, {SyntheticRecords.TasksPerCommune} tasks, {SyntheticRecords.DocumentsPerCommune:#,##0} documents, " +
            $"{SyntheticRecords.ProjectsPerCommune} investment projects, and a yearly reading for each KPI no record fills. Facts are built directly; " +
            "each string is its own object per record, as the JSON reader makes them.");

        // 1. One commune.
        var communeDossiers = smoke ? 5_000 : 50_000;
        var commune = synth.Commune("xa-0000", communeDossiers, seed: 1);
        var book = new ReadingBook(synth.ReadingsOf(catalog, "xa-0000", seed: 1));
        // The first recompute in the process pays for JIT; a running server has long tiered its code up, so the figures
        // are taken after enough recomputes for tiered compilation to replace the first, unoptimised code.
        var cold = Stopwatch.StartNew();
        engine.Unit(commune.Copy(), book, ytd);
        cold.Stop();
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < WarmUps; i++)
        {
            engine.Unit(commune.Copy(), book, ytd);
            engine.Unit(commune.Copy(), book, month);
        }
        warmUp.Stop();
        var repetitions = smoke ? 20 : 50;
        // Each recompute on a copy of the records with nothing remembered: a recompute follows a change, and changed records
        // are new records (UnitRecords.Measure remembers a measure for as long as its records live).
        var ytdTimes = Time(repetitions, () => engine.Unit(commune.Copy(), book, ytd));
        var monthTimes = Time(repetitions, () => engine.Unit(commune.Copy(), book, month));
        var cards = engine.Cards(commune, book, ytd);
        var figures = engine.KpiFigures(commune, book, ytd);
        var title = $"Recompute one commune ({communeDossiers:#,##0} dossiers): {catalog.Kpis.Count} KPIs + both score cards";
        results.Add(new Result($"{title}, year to date", Ms(ytdTimes), CommuneTarget, smoke ? null : ytdTimes.P95 < 50,
            Circuits.Notes(
                $"{figures.Count(f => f.FromRecords)} KPIs from records, {figures.Count(f => !f.FromRecords && f.Value is not null)} from readings",
                string.Join(", ", cards.Select(c => $"{c.Rubric.Code} {c.Score100?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—"}/{c.Rubric.MaxPoints:0}")),
                string.Create(CultureInfo.InvariantCulture,
                    $"after {2 * WarmUps} warm-up recomputes ({warmUp.Elapsed.TotalSeconds:0.0} s); the first recompute in the process (JIT) took {cold.Elapsed.TotalMilliseconds:0} ms"),
                Circuits.Load())));
        results.Add(new Result($"{title}, month", Ms(monthTimes), "recorded (the target is on year to date)", null,
            "a dossier counts in every window it was open in, so the month still walks every dossier"));

        details.AppendLine();
        details.AppendLine($"Where the time of one year-to-date recompute of the {communeDossiers:#,##0}-dossier commune goes " +
            "(each measure timed on its own, mean of 20 after warm-up; a KPI or criterion asks for its measure, and the records compute each " +
            "measure once per recompute, however many ask):");
        details.AppendLine();
        details.AppendLine("| measure | record kind | asked for per recompute | ms each (computed once) |");
        details.AppendLine("|---|---|---|---|");
        var uses = engine.Uses(commune);
        var context = MeasureContext.Of(commune, ytd, Now);
        var profile = Measures.All
            .Select(m => (Measure: m, Uses: uses.GetValueOrDefault(m.Code), Each: Mean(20, () => Measures.Compute(m, context))))
            .OrderByDescending(p => p.Uses > 0 ? p.Each : 0)
            .ToList();
        foreach (var p in profile)
            details.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{p.Measure.Code}` | {p.Measure.Kind} | {p.Uses} | {p.Each:0.000} |"));
        var figuresPart = Mean(20, () => engine.KpiFigures(commune.Copy(), book, ytd));
        var cardsPart = Mean(20, () => engine.Cards(commune.Copy(), book, ytd));
        details.AppendLine();
        details.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Sum of the measures, each once: {profile.Where(p => p.Uses > 0).Sum(p => p.Each):0.0} ms; the KPI figures alone {figuresPart:0.0} ms, the two score cards alone {cardsPart:0.0} ms " +
            $"(p50 of the whole: {ytdTimes.P50:0.0} ms)."));

        // 2. Loading a commune into the cache: its dossiers from the normalised JSON the store holds. The same seed gives
        // the same records; the JSON is made apart from the timed facts so that it does not sit between them in memory.
        var json = new List<(string Kind, string Key, string Json)>(communeDossiers);
        foreach (var _ in synth.Facts("xa-0000", communeDossiers, seed: 1, json)) { }
        UnitRecords.FromRows("warm-up", json.Take(1_000));
        Collect();
        var load = Stopwatch.StartNew();
        var loaded = UnitRecords.FromRows("xa-0000", json);
        load.Stop();
        foreach (var window in new[] { ytd, month })
        {
            var fromJson = Measures.ComputeAll(loaded, window, Now);
            var built = Measures.ComputeAll(new UnitRecords("xa-0000", commune.Dossiers), window, Now);
            foreach (var (code, measure) in built)
                if (fromJson[code] != measure)
                    throw new InvalidOperationException($"Records read from JSON and built directly differ on {code}: {fromJson[code]} ≠ {measure}");
        }
        results.Add(new Result($"Load one commune into the cache: {communeDossiers:#,##0} dossiers from normalised JSON (`UnitRecords.FromRows`)",
            string.Create(CultureInfo.InvariantCulture, $"{load.Elapsed.TotalMilliseconds:#,##0} ms ({load.Elapsed.TotalMicroseconds / communeDossiers:0.0} µs per dossier)"),
            "recorded (no target set)", null,
            $"measured once, after a 1,000-row warm-up; the JSON is {json.Sum(r => r.Json.Length) / communeDossiers} characters per dossier; " +
            "every measure over the JSON-read dossiers equals the one over the directly built ones"));
        json = null;
        loaded = null;
        commune = null;

        // 3. A province.
        var communes = smoke ? 20 : 300;
        var provinceDossiers = smoke ? 100_000 : 2_000_000;
        Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var build = Stopwatch.StartNew();
        var units = new UnitRecords[communes];
        var readings = new List<Dashboard.Shared.Store.Reading>();
        for (var c = 0; c < communes; c++)
        {
            var code = $"xa-{c + 1:0000}";
            var dossiers = provinceDossiers / communes + (c < provinceDossiers % communes ? 1 : 0);
            units[c] = synth.Commune(code, dossiers, seed: 1_000 + c);
            readings.AddRange(synth.ReadingsOf(catalog, code, seed: 1_000 + c));
        }
        var provinceBook = new ReadingBook(readings);
        build.Stop();
        Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        var facts = units.Sum(u => (long)u.Dossiers.Count + u.Procedures.Count + u.Feedback.Count + u.Reports.Count + u.Tasks.Count + u.Documents.Count + u.Projects.Count);

        decimal Province() => units.Sum(u => engine.Unit(u.Copy(), provinceBook, ytd));
        decimal ProvinceParallel()
        {
            var each = new decimal[units.Length];
            Parallel.For(0, units.Length, i => each[i] = engine.Unit(units[i].Copy(), provinceBook, ytd));
            return each.Sum();
        }
        var provinceRepetitions = smoke ? 3 : 5;
        var expected = Province(); // warm-up, and the figures both variants must give
        var single = Seconds(provinceRepetitions, Province, expected);
        ProvinceParallel();
        var parallel = Seconds(provinceRepetitions, ProvinceParallel, expected);
        var provinceTitle = $"Recompute a province: {communes} communes, {provinceDossiers:#,##0} dossiers in all, every KPI + both score cards per commune, year to date";
        results.Add(new Result($"{provinceTitle}, one thread", Sec(single), ProvinceTarget, smoke ? null : single.Max() < 2,
            Circuits.Load()));
        results.Add(new Result($"{provinceTitle}, `Parallel.For` on {Environment.ProcessorCount} cores", Sec(parallel), ProvinceTarget,
            smoke ? null : parallel.Max() < 2,
            Circuits.Notes("the same figures as one thread", "the cores are shared with whatever else runs on the machine", Circuits.Load())));
        results.Add(new Result($"Managed heap holding the province's records ({communes} communes, {provinceDossiers:#,##0} dossiers, {facts:#,##0} records of every kind)",
            string.Create(CultureInfo.InvariantCulture, $"{Circuits.MiB(heap)} ({(double)heap / provinceDossiers:0} bytes per dossier, other kinds included)"),
            "recorded (no target set)", null,
            string.Create(CultureInfo.InvariantCulture,
                $"GC.GetTotalMemory after a full, compacting collection, less the heap before; built in {build.Elapsed.TotalSeconds:0.0} s; " +
                $"process peak working set {Circuits.MiB(Process.GetCurrentProcess().PeakWorkingSet64)}")));

        GC.KeepAlive(units);
        Details = details.ToString();
        return results;
    }

    private static Percentiles Time(int count, Action run)
    {
        Collect();
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return Percentiles.Of(samples);
    }

    private static double Mean(int count, Action run)
    {
        run();
        run();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
    }

    private static double[] Seconds(int count, Func<decimal> run, decimal expected)
    {
        Collect();
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var sum = run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (sum != expected) throw new InvalidOperationException($"A recompute of the province gave {sum}, another {expected}");
        }
        return samples;
    }

    private static void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static string Ms(Percentiles p) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {p.P50:0.0} ms · p95 {p.P95:0.0} ms · max {p.Max:0.0} ms (n = {p.Count})");

    private static string Sec(double[] s) => string.Create(CultureInfo.InvariantCulture,
        $"median {s.Order().ElementAt(s.Length / 2):0.00} s · max {s.Max():0.00} s (n = {s.Length})");

    /// <summary>What the score and rank pages compute for a unit and window, from its cached records and its readings.</summary>
    private sealed class Recompute(KpiCatalog catalog, IReadOnlyList<Rubric> rubrics, DateTimeOffset now)
    {
        /// <summary>Every KPI and both cards; returns a sum of what they came to, so the runs can be checked against each other.</summary>
        public decimal Unit(UnitRecords records, ReadingBook readings, ReportingWindow window)
        {
            decimal sum = 0;
            foreach (var kpi in catalog.Kpis) sum += Figures.Of(kpi, records, readings, window, now).Value ?? 0;
            foreach (var rubric in rubrics)
                sum += ScoreCalculator.Score(rubric, CriterionScope.Commune, c => Figures.Input(c, catalog, records, readings, window, now))
                    .Score100 ?? 0;
            return sum;
        }

        public List<Figure> KpiFigures(UnitRecords records, ReadingBook readings, ReportingWindow window) =>
            catalog.Kpis.Select(k => Figures.Of(k, records, readings, window, now)).ToList();

        public List<ScoreCard> Cards(UnitRecords records, ReadingBook readings, ReportingWindow window) =>
            rubrics.Select(r => ScoreCalculator.Score(r, CriterionScope.Commune,
                c => Figures.Input(c, catalog, records, readings, window, now))).ToList();

        /// <summary>How many times one recompute computes each measure (the path <see cref="Figures.Input"/> takes).</summary>
        public Dictionary<string, int> Uses(UnitRecords records)
        {
            var uses = new Dictionary<string, int>();
            void Use(MeasureDefinition? m)
            {
                if (m is not null && records.Has(m.Kind)) uses[m.Code] = uses.GetValueOrDefault(m.Code) + 1;
            }
            foreach (var kpi in catalog.Kpis) Use(Measures.ForKpi(kpi.Code));
            foreach (var c in rubrics.SelectMany(r => r.Criteria).Where(c => c.Scope == CriterionScope.Commune))
            {
                if (c.Measure is { } code && Measures.Find(code) is { } m) Use(m);
                else if (c.Kpi is { } kpi && catalog.Find(kpi) is not null) Use(Measures.ForKpi(kpi));
            }
            return uses;
        }
    }
}
