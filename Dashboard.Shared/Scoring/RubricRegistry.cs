using Dashboard.Shared.Catalog;

namespace Dashboard.Shared.Scoring;

/// <summary>
/// The rubrics the dashboard scores with: the ones shipped in seeds/rubrics, then the ones an administrator loaded
/// (kept in the data folder, so an upgrade never overwrites a province's file). A loaded file with the code of a shipped
/// one replaces it.
/// </summary>
public sealed class RubricRegistry
{
    private readonly string _uploadFolder;
    private readonly Func<string, bool> _knownKpi;
    private readonly Lock _gate = new();
    private IReadOnlyList<Rubric> _all;

    public RubricRegistry(string seedFolder, string uploadFolder, KpiCatalog catalog)
    {
        _uploadFolder = uploadFolder;
        _knownKpi = code => catalog.Find(code) is not null;
        // Shipped rubrics must load: a broken one stops the app with the file, criterion and field named.
        Shipped = Directory.Exists(seedFolder)
            ? Directory.GetFiles(seedFolder, "*.json").Order(StringComparer.Ordinal).Select(f => RubricLoader.LoadFile(f, _knownKpi)).ToList()
            : [];
        _all = Merge(LoadUploads());
    }

    public IReadOnlyList<Rubric> Shipped { get; }

    /// <summary>Uploaded files that no longer load (a KPI they name left the catalog), with the reason.</summary>
    public IReadOnlyList<CatalogException> Problems { get; private set; } = [];

    /// <summary>Official rubrics first (Decision 766), examples last.</summary>
    public IReadOnlyList<Rubric> All => _all;

    public Rubric? Find(string code) => _all.FirstOrDefault(r => r.Code == code);

    public bool IsUploaded(string code) => File.Exists(UploadPath(code));

    /// <summary>Validates a rubric file and keeps it; a bad file is rejected whole and nothing already loaded changes.</summary>
    public Rubric Save(string json, string fileName)
    {
        var rubric = RubricLoader.Parse(json, fileName, _knownKpi);
        lock (_gate)
        {
            Directory.CreateDirectory(_uploadFolder);
            var path = UploadPath(rubric.Code);
            var temp = path + ".tmp";
            File.WriteAllText(temp, json);
            File.Move(temp, path, overwrite: true);
            _all = Merge(LoadUploads());
        }
        return rubric;
    }

    private string UploadPath(string code) => Path.Combine(_uploadFolder, code + ".json");

    private List<Rubric> LoadUploads()
    {
        var problems = new List<CatalogException>();
        var loaded = new List<Rubric>();
        if (Directory.Exists(_uploadFolder))
        {
            foreach (var file in Directory.GetFiles(_uploadFolder, "*.json").Order(StringComparer.Ordinal))
            {
                try
                {
                    loaded.Add(RubricLoader.LoadFile(file, _knownKpi));
                }
                catch (CatalogException ex)
                {
                    problems.Add(ex);
                }
            }
        }
        Problems = problems;
        return loaded;
    }

    private List<Rubric> Merge(List<Rubric> uploads)
    {
        var byCode = Shipped.ToDictionary(r => r.Code);
        foreach (var r in uploads) byCode[r.Code] = r;
        return byCode.Values.OrderBy(r => r.Example).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }
}
