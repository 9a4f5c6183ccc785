using Dashboard.Shared.Catalog;
using Dashboard.Shared.Live;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Shared.Store;

/// <summary>
/// Keeps the map of units (<see cref="UnitDirectory"/>, a singleton every page and rule reads) and the database in step:
/// fills an empty table from units.json on first start, reads it at every start, and records an administrator's change
/// in one transaction before the map is swapped. Other nodes are told to read it again.
/// </summary>
public sealed class UnitStore(UnitDirectory directory, IDbContextFactory<DashboardDbContext> dbFactory, NodeBus? nodes = null)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>At start-up: the shipped map goes in once (a later units.json does not overwrite what administrators did).</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.UnitSpans.AnyAsync(ct))
            {
                db.UnitSpans.AddRange(directory.Spans.Select(Row));
                await db.SaveChangesAsync(ct);
            }
        }
        await ReloadAsync(ct);
    }

    /// <summary>Reads the spans again (another node changed them).</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.UnitSpans.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        if (rows.Count > 0) directory.Replace(rows.Select(Span).ToList());
    }

    /// <summary>
    /// Applies a change to the map as stored now; a refused change stores nothing. The spans are written whole in one
    /// transaction (a province has a few hundred), so a failure leaves the previous map intact.
    /// </summary>
    public async Task<UnitChanges.Result> ChangeAsync(Func<UnitDirectory, UnitChanges.Result> change, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct);
        try
        {
            await ReloadAsync(ct);
            var result = change(directory);
            if (!result.Ok) return result;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.UnitSpans.ExecuteDeleteAsync(ct);
            db.UnitSpans.AddRange(result.Spans!.Select(Row));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            directory.Replace(result.Spans!);
            nodes?.Tell(new UnitsChanged());
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static UnitSpanRow Row(AdminUnit u) => new()
    {
        Code = u.Code, Kind = u.Kind.ToString(), Parent = u.Parent, NameVi = u.Name.Vi, NameEn = u.Name.En,
        ValidFrom = u.From, ValidUntil = u.Until, Successor = u.Successor,
    };

    private static AdminUnit Span(UnitSpanRow r) =>
        new(r.Code, Enum.Parse<UnitKind>(r.Kind), r.Parent, new LocalizedText(r.NameVi, r.NameEn))
        {
            From = r.ValidFrom, Until = r.ValidUntil, Successor = r.Successor,
        };
}
