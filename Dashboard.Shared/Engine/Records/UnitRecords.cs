using System.Collections.Concurrent;
using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine.Records;

/// <summary>Every record of one unit, read once into facts; immutable, replaced whole when the unit's records change.</summary>
public sealed class UnitRecords
{
    /// <param name="demoKinds">The record kinds that came from the demo simulator only.</param>
    public UnitRecords(string unitCode, IEnumerable<object> facts, IReadOnlySet<string>? demoKinds = null)
    {
        UnitCode = unitCode;
        _demoKinds = demoKinds ?? new HashSet<string>();
        var dossiers = new List<DossierFact>();
        var procedures = new Dictionary<string, ProcedureFact>(StringComparer.Ordinal);
        var feedback = new List<FeedbackFact>();
        var tasks = new List<TaskFact>();
        var reports = new List<ReportFact>();
        var documents = new List<DocumentFact>();
        var projects = new List<DisbursementFact>();
        foreach (var fact in facts)
        {
            switch (fact)
            {
                case DossierFact d: dossiers.Add(d); break;
                case ProcedureFact p: procedures[p.Key] = p; break;
                case FeedbackFact f: feedback.Add(f); break;
                case TaskFact t: tasks.Add(t); break;
                case ReportFact r: reports.Add(r); break;
                case DocumentFact doc: documents.Add(doc); break;
                case DisbursementFact m: projects.Add(m); break;
            }
        }
        Dossiers = dossiers;
        Procedures = procedures;
        Feedback = feedback;
        Tasks = tasks;
        Reports = reports;
        Documents = documents;
        Projects = projects;
    }

    private readonly IReadOnlySet<string> _demoKinds;

    private UnitRecords(UnitRecords other)
    {
        UnitCode = other.UnitCode;
        _demoKinds = other._demoKinds;
        Dossiers = other.Dossiers;
        Procedures = other.Procedures;
        Feedback = other.Feedback;
        Tasks = other.Tasks;
        Reports = other.Reports;
        Documents = other.Documents;
        Projects = other.Projects;
        Predecessors = other.Predecessors;
    }

    /// <summary>The same records with no measure computed yet: where a recompute after a change starts (the bench times that).</summary>
    public UnitRecords Copy() => new(this);

    // A recompute asks for the same measure many times (a KPI, then the criteria of two rubrics that use it, then the
    // ranks): the records never change, so each (measure, window, as-of) is computed once. Bounded, as "now" moves.
    private const int MemoLimit = 512;
    private readonly ConcurrentDictionary<(string Code, ReportingWindow Window, long Start, long AsOf), Measure> _measures = new();

    /// <summary>A measure of these records for a window as of now, computed once per window and instant.</summary>
    public Measure Measure(MeasureDefinition definition, ReportingWindow window, DateTimeOffset now)
    {
        var context = MeasureContext.Of(this, window, now);
        var key = (definition.Code, window, context.Start, context.AsOf);
        if (_measures.TryGetValue(key, out var known)) return known;
        if (_measures.Count >= MemoLimit) _measures.Clear();
        return _measures.GetOrAdd(key, _ => Measures.Compute(definition, context));
    }

    public static UnitRecords Empty(string unitCode) => new(unitCode, []);

    /// <summary>
    /// These records with some replaced or added, as a reload after storing them would build them: a newer version takes
    /// its key's place (one that cannot be read, a null fact, removes the key), a new key comes after the others, and a
    /// kind that had only demo records loses them to the first real ones.
    /// </summary>
    /// <param name="changes">Records from a real source (not the demo simulator), each the latest version of its key; keys unique.</param>
    public UnitRecords With(IReadOnlyList<(string Kind, string Key, object? Fact)> changes)
    {
        var kinds = changes.Select(c => c.Kind).ToHashSet(StringComparer.Ordinal);
        var pending = new Dictionary<(string Kind, string Key), object?>(changes.Count);
        foreach (var (kind, key, fact) in changes) pending[(kind, key)] = fact;
        var facts = new List<object>(Dossiers.Count + Procedures.Count + Feedback.Count + Tasks.Count + Reports.Count + Documents.Count
            + Projects.Count + changes.Count);
        foreach (var (kind, key, fact) in Facts())
        {
            if (kinds.Contains(kind) && IsDemo(kind)) continue;
            if (!pending.Remove((kind, key), out var newer)) facts.Add(fact);
            else if (newer is not null) facts.Add(newer);
        }
        foreach (var (kind, key, fact) in changes)
            if (fact is not null && pending.ContainsKey((kind, key))) facts.Add(fact);
        return new UnitRecords(UnitCode, facts, _demoKinds.Where(k => !kinds.Contains(k)).ToHashSet(StringComparer.Ordinal))
        {
            Predecessors = Predecessors,
        };
    }

    /// <summary>Every fact with its kind and key.</summary>
    private IEnumerable<(string Kind, string Key, object Fact)> Facts() =>
        Dossiers.Select(d => ("dossier", d.Key, (object)d))
            .Concat(Procedures.Values.Select(p => ("procedure", p.Key, (object)p)))
            .Concat(Feedback.Select(f => ("feedback", f.Key, (object)f)))
            .Concat(Tasks.Select(t => ("task", t.Key, (object)t)))
            .Concat(Reports.Select(r => ("report", r.Key, (object)r)))
            .Concat(Documents.Select(d => ("document", d.Key, (object)d)))
            .Concat(Projects.Select(p => ("disbursement", p.Key, (object)p)));

    /// <summary>
    /// The records of a unit formed by a merger, with those of the units merged into it: its figures count theirs. A kind
    /// is demo only if no part has it from a real source.
    /// </summary>
    public static UnitRecords Merge(string unitCode, IReadOnlyList<UnitRecords> parts, IReadOnlyList<string> predecessors)
    {
        var kinds = Measures.All.Select(m => m.Kind).Distinct();
        var demo = kinds.Where(k => parts.Any(p => p.IsDemo(k)) && !parts.Any(p => p.Has(k) && !p.IsDemo(k))).ToHashSet();
        var facts = parts.SelectMany(p => p.Dossiers.Cast<object>().Concat(p.Procedures.Values).Concat(p.Feedback).Concat(p.Tasks)
            .Concat(p.Reports).Concat(p.Documents).Concat(p.Projects));
        return new UnitRecords(unitCode, facts, demo) { Predecessors = predecessors };
    }

    /// <summary>The units merged into this one whose records are counted here (none for most units).</summary>
    public IReadOnlyList<string> Predecessors { get; private init; } = [];

    /// <summary>Whether this unit's records of a kind are demo records (their figures are demo figures).</summary>
    public bool IsDemo(string kind) => _demoKinds.Contains(kind);

    public string UnitCode { get; }
    public IReadOnlyList<DossierFact> Dossiers { get; }
    public IReadOnlyDictionary<string, ProcedureFact> Procedures { get; }
    public IReadOnlyList<FeedbackFact> Feedback { get; }
    public IReadOnlyList<TaskFact> Tasks { get; }
    public IReadOnlyList<ReportFact> Reports { get; }
    public IReadOnlyList<DocumentFact> Documents { get; }
    public IReadOnlyList<DisbursementFact> Projects { get; }

    /// <summary>Whether any record of a kind has arrived for this unit: a KPI is computed from records only once they do.</summary>
    public bool Has(string kind) => kind switch
    {
        "dossier" => Dossiers.Count > 0,
        "procedure" => Procedures.Count > 0,
        "feedback" => Feedback.Count > 0,
        "task" => Tasks.Count > 0,
        "report" => Reports.Count > 0,
        "document" => Documents.Count > 0,
        "disbursement" => Projects.Count > 0,
        _ => false,
    };

    /// <summary>Builds a unit's facts from stored rows (kind, key, normalised JSON).</summary>
    public static UnitRecords FromRows(string unitCode, IEnumerable<(string Kind, string Key, string Json)> rows, IReadOnlySet<string>? demoKinds = null) =>
        new(unitCode, rows.Select(r => RecordFactReader.Read(r.Kind, r.Key, r.Json)).OfType<object>(), demoKinds);
}
