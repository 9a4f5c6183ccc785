using System.Linq.Expressions;
using System.Security.Claims;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;

namespace Dashboard.Web.Components.Feeds;

/// <summary>
/// What one person may read of feed runs and their rejected rows (docs/feeds.md, "Who sees which run"): a run that carried
/// rows of a unit within their reach, a run they started themselves, and a run that carried no unit and was started by
/// no one (a source that did not answer, like the feed's own last error). Of a run mixing units, the rejected rows of their
/// units. Someone whose reach is the whole directory (the province, the first administrator) sees everything.
/// </summary>
public sealed class RunReach
{
    private RunReach(string? name, IReadOnlySet<string> units, bool everything)
    {
        Name = name;
        Units = units;
        Everything = everything;
    }

    public static RunReach Of(ClaimsPrincipal user, UnitAccess access, UnitDirectory directory)
    {
        var allowed = access.Allowed(user);
        return new RunReach(user.Identity?.Name, allowed, directory.All.All(u => allowed.Contains(u.Code)));
    }

    public string? Name { get; }
    public IReadOnlySet<string> Units { get; }
    public bool Everything { get; }

    private bool Started(FeedRun run) => Name is not null && run.StartedBy == Name;

    public bool CanSee(FeedRun run) =>
        Everything || Started(run)
        || run.Units == "" && run.StartedBy is null
        // Null: recorded before runs kept their units, so nobody can tell whose rows they were.
        || run.Units is not null && RunUnits.Split(run.Units).Any(Units.Contains);

    /// <summary>Every rejected row of the run, those without a unit included: only for whom the whole run is theirs.</summary>
    public bool SeesEveryRow(FeedRun run) =>
        Everything || Started(run) || CanSee(run) && run.Units is not null && RunUnits.Split(run.Units).All(Units.Contains);

    /// <summary>The same rule as <see cref="CanSee"/>, as a query (a LIKE per unit of the reach).</summary>
    public IQueryable<FeedRun> Runs(IQueryable<FeedRun> runs)
    {
        if (Everything) return runs;
        var r = Expression.Parameter(typeof(FeedRun), "r");
        var units = Expression.Property(r, nameof(FeedRun.Units));
        var startedBy = Expression.Property(r, nameof(FeedRun.StartedBy));
        Expression visible = Expression.AndAlso(Expression.Equal(units, Expression.Constant("")),
            Expression.Equal(startedBy, Expression.Constant(null, typeof(string))));
        if (Name is not null) visible = Expression.OrElse(visible, Expression.Equal(startedBy, Expression.Constant(Name)));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        foreach (var unit in Units.Order(StringComparer.Ordinal))
            visible = Expression.OrElse(visible, Expression.AndAlso(Expression.NotEqual(units, Expression.Constant(null, typeof(string))),
                Expression.Call(units, contains, Expression.Constant(RunUnits.Token(unit)))));
        return runs.Where(Expression.Lambda<Func<FeedRun, bool>>(visible, r));
    }

    /// <summary>The rejected rows of a run this person may read (the caller has checked <see cref="CanSee"/>).</summary>
    public IQueryable<FeedRejection> Rows(FeedRun run, IQueryable<FeedRejection> rows)
    {
        rows = rows.Where(x => x.RunId == run.Id);
        if (SeesEveryRow(run)) return rows;
        var units = Units.ToList();
        return rows.Where(x => x.UnitCode != null && units.Contains(x.UnitCode));
    }
}
