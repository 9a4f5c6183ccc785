using System.Text.RegularExpressions;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Catalog;

/// <summary>Something an administrator asked of the plans that cannot be done (no such draft, a draft already there); in Vietnamese.</summary>
public sealed class PlanException(string message) : Exception(message);

/// <summary>
/// The plans the commune issued year by year. A period is judged against the plan in force in its year: the published plan
/// of that year or, failing one, of the latest year before it; before the first, the shipped catalog (the 2023 plan).
/// So last year's figures keep last year's targets when this year's plan raises them. Plans live in the database; every
/// node reads them at start-up and again when one is published (<see cref="PlansChanged"/>).
/// </summary>
public sealed partial class PlanBook(KpiCatalog shipped, IDbContextFactory<DashboardDbContext> dbFactory, NodeBus? nodes = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<(int Year, KpiCatalog Plan)> _published = [];

    /// <summary>The KPIs the engine knows, and the plan in force until the first published one.</summary>
    public KpiCatalog Shipped => shipped;

    /// <summary>The year of the shipped plan, read from its version ("que-minh-2023"); null when the version names none.</summary>
    public int? ShippedYear { get; } = YearOf(shipped);

    /// <summary>Raised after the published plans were read again (a publication here or on another node).</summary>
    public event Action? Changed;

    public static int? YearOf(KpiCatalog catalog) =>
        TrailingYear().Match(catalog.Version) is { Success: true } m ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"(?<!\d)(20\d\d|2100)$")]
    private static partial Regex TrailingYear();

    /// <summary>The published plans, by year.</summary>
    public IReadOnlyList<(int Year, KpiCatalog Plan)> Published => _published;

    /// <summary>The plan in force in <paramref name="year"/>.</summary>
    public KpiCatalog For(int year)
    {
        var plans = _published;
        for (var i = plans.Count - 1; i >= 0; i--)
            if (plans[i].Year <= year) return plans[i].Plan;
        return shipped;
    }

    /// <summary>The year the plan in force in <paramref name="year"/> was issued for (the shipped one's before the first).</summary>
    public int? YearInForce(int year) => _published.LastOrDefault(p => p.Year <= year) is { Plan: not null } p ? p.Year : ShippedYear;

    /// <summary>
    /// A KPI as the plan in force in <paramref name="year"/> sets it. A KPI that plan leaves out keeps the definition it was
    /// asked with (a retired KPI's old figures are still judged by the catalog).
    /// </summary>
    public KpiDefinition Kpi(KpiDefinition kpi, int year) => For(year).Find(kpi.Code) ?? kpi;

    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.PlanVersions.AsNoTracking().Where(p => p.State == PlanStates.Published).OrderBy(p => p.Year).ToListAsync(ct);
            // Stored plans were validated when saved; one that no longer reads against the catalog (a KPI left it in an
            // upgrade) is skipped rather than stopping the app, and the page says so.
            var plans = new List<(int, KpiCatalog)>();
            var problems = new List<string>();
            foreach (var row in rows)
            {
                try
                {
                    plans.Add((row.Year, PlanFile.Parse(row.Json, $"ke-hoach-{row.Year}.json", shipped).Apply(shipped)));
                }
                catch (CatalogException ex)
                {
                    problems.Add(ex.Message);
                }
            }
            _published = plans;
            Problems = problems;
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke();
    }

    /// <summary>Published plans that no longer read against the catalog, with the reason.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IReadOnlyList<PlanVersion>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlanVersions.AsNoTracking().OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).ToListAsync(ct);
    }

    public async Task<PlanVersion?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PlanVersions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>A year's plan as stored (draft or published), or the plan in force that year as a file.</summary>
    public PlanFile FileFor(PlanVersion? version, int year) =>
        version is not null ? PlanFile.Parse(version.Json, $"ke-hoach-{version.Year}.json", shipped) : PlanFile.Of(For(year), shipped, year);

    /// <summary>A draft for <paramref name="year"/>, copied from the plan in force in <paramref name="from"/>.</summary>
    public async Task<PlanVersion> CreateAsync(int year, int from, string who, DateTime now, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2100) throw new PlanException($"Năm kế hoạch '{year}' không hợp lệ (2000–2100).");
        var file = PlanFile.Of(For(from), shipped, year);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PlanVersions.AnyAsync(p => p.Year == year && p.State == PlanStates.Draft, ct))
            throw new PlanException($"Đã có bản nháp kế hoạch năm {year}: sửa bản nháp đó, hoặc ban hành nó trước khi tạo bản mới.");
        var row = new PlanVersion
        {
            Year = year, State = PlanStates.Draft, Json = file.ToJson(), BasedOn = from,
            CreatedBy = who, CreatedAt = now, SavedBy = who, SavedAt = now,
        };
        db.PlanVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Replaces a draft's content; a bad plan is refused whole and the stored draft stays as it was.</summary>
    public async Task<PlanFile> SaveAsync(long id, string json, string fileName, string who, DateTime now, CancellationToken ct = default)
    {
        var file = PlanFile.Parse(json, fileName, shipped);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await DraftAsync(db, id, ct);
        if (file.Year != row.Year)
            throw new PlanException($"{fileName}: tệp là kế hoạch năm {file.Year}, bản nháp là của năm {row.Year}.");
        row.Json = file.ToJson();
        row.SavedBy = who;
        row.SavedAt = now;
        await db.SaveChangesAsync(ct);
        return file;
    }

    /// <summary>A plan file becomes the draft of its year (replacing the content of the draft there is, if any).</summary>
    public async Task<PlanVersion> ImportAsync(string json, string fileName, string who, DateTime now, CancellationToken ct = default)
    {
        var file = PlanFile.Parse(json, fileName, shipped);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PlanVersions.Where(p => p.Year == file.Year && p.State == PlanStates.Draft).OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        if (row is null)
            db.PlanVersions.Add(row = new PlanVersion
            {
                Year = file.Year, State = PlanStates.Draft, Json = "", CreatedBy = who, CreatedAt = now, SavedBy = who,
            });
        row.Json = file.ToJson();
        row.SavedBy = who;
        row.SavedAt = now;
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>
    /// The draft becomes the plan in force for its year from now on: the plan published before for that year is kept as
    /// superseded. Every period of that year (and later years without a plan of their own) is judged against it.
    /// </summary>
    public async Task<PlanVersion> PublishAsync(long id, string who, DateTime now, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var row = await DraftAsync(db, id, ct);
            // Read again: the stored draft must still hold against the catalog it will be judged with.
            PlanFile.Parse(row.Json, $"ke-hoach-{row.Year}.json", shipped);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var old in await db.PlanVersions.Where(p => p.Year == row.Year && p.State == PlanStates.Published).ToListAsync(ct))
                old.State = PlanStates.Superseded;
            row.State = PlanStates.Published;
            row.PublishedBy = who;
            row.PublishedAt = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await ReloadAsync(ct);
        nodes?.Tell(new PlansChanged());
        return (await FindAsync(id, ct))!;
    }

    private static async Task<PlanVersion> DraftAsync(DashboardDbContext db, long id, CancellationToken ct) =>
        await db.PlanVersions.SingleOrDefaultAsync(p => p.Id == id, ct) switch
        {
            null => throw new PlanException($"Không có kế hoạch số {id}."),
            { State: not PlanStates.Draft } p => throw new PlanException(
                $"Kế hoạch năm {p.Year} (số {id}) đã ban hành, không sửa được: tạo bản nháp mới từ nó."),
            var p => p,
        };
}
