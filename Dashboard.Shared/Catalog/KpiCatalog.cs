namespace Dashboard.Shared.Catalog;

/// <summary>The plan's KPIs, grouped by plan section, in the order the plan lists them.</summary>
public sealed class KpiCatalog
{
    private readonly Dictionary<string, KpiDefinition> _byCode;

    public KpiCatalog(string version, LocalizedText source, IReadOnlyList<Agency> agencies,
        IReadOnlyList<PlanSection> sections, IReadOnlyList<KpiDefinition> kpis)
    {
        Version = version;
        Source = source;
        Agencies = agencies;
        Sections = sections.OrderBy(s => s.Order).ToList();
        Kpis = kpis;
        _byCode = kpis.ToDictionary(k => k.Code, StringComparer.Ordinal);
    }

    public string Version { get; }
    public LocalizedText Source { get; }
    public IReadOnlyList<Agency> Agencies { get; }
    public IReadOnlyList<PlanSection> Sections { get; }
    public IReadOnlyList<KpiDefinition> Kpis { get; }

    public KpiDefinition? Find(string code) => _byCode.GetValueOrDefault(code);

    public Agency? FindAgency(string code) => Agencies.FirstOrDefault(a => a.Code == code);

    public IEnumerable<KpiDefinition> InSection(PlanSection section) =>
        Kpis.Where(k => k.Section.Code == section.Code);
}
