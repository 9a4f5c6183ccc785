using Dashboard.Shared.Catalog;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Scoring;

/// <summary>
/// The rubrics the dashboard scores with: the ones shipped in seeds/rubrics, then the ones an administrator loaded. Loaded
/// files live in the database, so an upgrade never overwrites a province's file and every node scores with the same one.
/// A loaded file with the code of a shipped one replaces it.
/// </summary>
public sealed class RubricRegistry
{
    private readonly string? _legacyFolder;
    private readonly IDbContextFactory<DashboardDbContext> _dbFactory;
    private readonly NodeBus _nodes;
    private readonly Func<string, bool> _knownKpi;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state;

    /// <param name="legacyFolder">Where earlier versions kept loaded files; they are copied into the database once.</param>
    public RubricRegistry(string seedFolder, string? legacyFolder, KpiCatalog catalog, IDbContextFactory<DashboardDbContext> dbFactory,
        NodeBus? nodes = null)
    {
        _legacyFolder = legacyFolder;
        _dbFactory = dbFactory;
        _nodes = nodes ?? new NodeBus();
        _knownKpi = code => catalog.Find(code) is not null;
        // Shipped rubrics must load: a broken one stops the app with the file, criterion and field named.
        Shipped = Directory.Exists(seedFolder)
            ? Directory.GetFiles(seedFolder, "*.json").Order(StringComparer.Ordinal).Select(f => RubricLoader.LoadFile(f, _knownKpi)).ToList()
            : [];
        _state = new State(Merge([]), new HashSet<string>(), []);
    }

    private sealed record State(IReadOnlyList<Rubric> All, IReadOnlySet<string> Uploaded, IReadOnlyList<CatalogException> Problems);

    public IReadOnlyList<Rubric> Shipped { get; }

    /// <summary>Loaded files that no longer load (a KPI they name left the catalog), with the reason.</summary>
    public IReadOnlyList<CatalogException> Problems => _state.Problems;

    /// <summary>Official rubrics first (Decision 766), examples last.</summary>
    public IReadOnlyList<Rubric> All => _state.All;

    public Rubric? Find(string code) => _state.All.FirstOrDefault(r => r.Code == code);

    public bool IsUploaded(string code) => _state.Uploaded.Contains(code);

    /// <summary>At start-up: takes in the files an earlier version kept in the data folder, then reads the loaded rubrics.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (_legacyFolder is not null && Directory.Exists(_legacyFolder))
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            var stored = await db.RubricFiles.Select(f => f.Code).ToListAsync(ct);
            foreach (var file in Directory.GetFiles(_legacyFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var code = Path.GetFileNameWithoutExtension(file);
                if (stored.Contains(code)) continue;
                db.RubricFiles.Add(new RubricFile
                {
                    Code = code, FileName = Path.GetFileName(file), Json = await File.ReadAllTextAsync(file, ct),
                    SavedAt = File.GetLastWriteTimeUtc(file),
                });
            }
            await db.SaveChangesAsync(ct);
        }
        await ReloadAsync(ct);
    }

    /// <summary>Reads the loaded rubrics again: after another node stored one, or when it cannot have told this one.</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            var files = await db.RubricFiles.AsNoTracking().OrderBy(f => f.Code).ToListAsync(ct);
            var problems = new List<CatalogException>();
            var loaded = new List<Rubric>();
            foreach (var file in files)
            {
                try
                {
                    loaded.Add(RubricLoader.Parse(file.Json, file.FileName, _knownKpi));
                }
                catch (CatalogException ex)
                {
                    problems.Add(ex);
                }
            }
            _state = new State(Merge(loaded), files.Select(f => f.Code).ToHashSet(), problems);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Validates a rubric file and keeps it; a bad file is rejected whole and nothing already loaded changes.</summary>
    public async Task<Rubric> SaveAsync(string json, string fileName, DateTime now, CancellationToken ct = default)
    {
        var rubric = RubricLoader.Parse(json, fileName, _knownKpi);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            var row = await db.RubricFiles.FindAsync([rubric.Code], ct);
            var isNew = row is null;
            if (row is null) db.RubricFiles.Add(row = new RubricFile { Code = rubric.Code, FileName = fileName, Json = json });
            row.FileName = fileName;
            row.Json = json;
            row.SavedAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            // Another node inserted the same code between our read and our insert: read it again and overwrite it, so
            // the later load wins, as it does on one node.
            catch (DbUpdateException) when (isNew && attempt == 1)
            {
            }
        }
        await ReloadAsync(ct);
        _nodes.Tell(new RubricsChanged());
        return rubric;
    }

    private List<Rubric> Merge(List<Rubric> uploads)
    {
        var byCode = Shipped.ToDictionary(r => r.Code);
        foreach (var r in uploads) byCode[r.Code] = r;
        return byCode.Values.OrderBy(r => r.Example).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }
}
