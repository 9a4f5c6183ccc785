namespace Dashboard.Shared.Catalog;

/// <summary>The plan's KPIs, grouped by plan section, in the order the plan lists them.</summary>
public sealed class KpiCatalog
{
    private readonly Dictionary<string, KpiDefinition> _byCode;

    public KpiCatalog(string version, LocalizedText source, IReadOnlyList<Agency> agencies,
        IReadOnlyList<PlanSection> sections, IReadOnlyList<KpiDefinition> kpis, IReadOnlyList<PlanTask>? tasks = null)
    {
        Version = version;
        Source = source;
        Agencies = agencies;
        Sections = sections.OrderBy(s => s.Order).ToList();
        Kpis = kpis;
        _byCode = kpis.ToDictionary(k => k.Code, StringComparer.Ordinal);
        // In plan order: by section, then as the catalog lists them.
        Tasks = (tasks ?? []).Select((t, i) => (t, i)).OrderBy(x => x.t.Section.Order).ThenBy(x => x.i).Select(x => x.t).ToList();
    }

    public string Version { get; }
    public LocalizedText Source { get; }
    public IReadOnlyList<Agency> Agencies { get; }
    public IReadOnlyList<PlanSection> Sections { get; }
    public IReadOnlyList<KpiDefinition> Kpis { get; }
    /// <summary>The plan's items with no number: done or not, with evidence. Not KPIs, not tiles, not scored.</summary>
    public IReadOnlyList<PlanTask> Tasks { get; }

    public PlanTask? FindTask(string code) => Tasks.FirstOrDefault(t => t.Code == code);

    /// <summary>The sections that hold tasks, in plan order.</summary>
    public IEnumerable<PlanSection> TaskSections => Tasks.Select(t => t.Section).DistinctBy(s => s.Code);

    public KpiDefinition? Find(string code) => _byCode.GetValueOrDefault(code);

    public Agency? FindAgency(string code) => Agencies.FirstOrDefault(a => a.Code == code);

    public IEnumerable<KpiDefinition> InSection(PlanSection section) =>
        Kpis.Where(k => k.Section.Code == section.Code);
}
