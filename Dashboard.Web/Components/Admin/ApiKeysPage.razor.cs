using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Components.Admin;

/// <summary>One key per source system, scoped to its feeds and units; the secret is shown once, on this response only.</summary>
public partial class ApiKeysPage
{
    [Inject] public ApiKeys Keys { get; set; } = default!;
    [Inject] public AdminScope Scope { get; set; } = default!;
    [Inject] public IDbContextFactory<DashboardDbContext> Store { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "create-key")] public KeyInput? Input { get; set; }
    [SupplyParameterFromQuery(Name = "revoke")] public long? RevokeId { get; set; }

    private List<ApiKey> _keys = [];
    private List<string> _feeds = [];
    private Dictionary<string, (string Vi, string En)> _feedNames = [];
    private string? _secret;
    private string? _message;

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        await using var store = await Store.CreateDbContextAsync();
        var feeds = await store.Feeds.AsNoTracking().OrderBy(f => f.Id).Select(f => new { f.Id, f.NameVi, f.NameEn }).ToListAsync();
        _feeds = feeds.Select(f => f.Id).ToList();
        _feedNames = feeds.ToDictionary(f => f.Id, f => (f.NameVi, f.NameEn));
        await LoadAsync();
    }

    /// <summary>A feed by its name in the reader's language, its id after it (the id is what a source's settings name).</summary>
    private string FeedName(string id) =>
        id == "*" ? Loc[nameof(Strings.AllFeeds)]
        : _feedNames.TryGetValue(id, out var name) ? $"{(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? name.En : name.Vi)} ({id})"
        : id;

    private string FeedNames(string ids) => string.Join(", ", ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FeedName));

    /// <summary>Only the keys and units within this administrator's reach (the service checks them again).</summary>
    private async Task LoadAsync() => _keys = await Keys.ListAsync(HttpContext.User);

    private IEnumerable<AdminUnit> GrantableUnits => Units.All.Where(u => Scope.MayGrantUnits(HttpContext.User, [u.Code]));

    private async Task CreateAsync()
    {
        var feeds = (Input!.Feeds ?? []).Where(f => f == "*" || _feeds.Contains(f)).ToList();
        var units = (Input.Units ?? []).Where(u => Units.Find(u) is not null).ToList();
        if (string.IsNullOrWhiteSpace(Input.Name) || feeds.Count == 0 || units.Count == 0)
        {
            _message = Loc[nameof(Strings.ApiKeyFormIncomplete)];
            return;
        }
        ApiKey key;
        string secret;
        try
        {
            (key, secret) = await Keys.CreateAsync(HttpContext.User, Input.Name, feeds, units);
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"api-key {Input.Name}: {refused.Refusal}, {string.Join(",", units)}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
            return;
        }
        await Audit.WriteAsync(Me, "api-key-created", $"{key.Name} ({key.Prefix}): {key.Feeds} / {key.Units}", HttpContext);
        _secret = secret;
        await LoadAsync();
    }

    private async Task RevokeAsync(long id)
    {
        var which = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (await Keys.RevokeAsync(HttpContext.User, id)) await Audit.WriteAsync(Me, "api-key-revoked", which, HttpContext);
        }
        catch (AdminScopeException refused)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"api-key {which}: {refused.Refusal}", HttpContext);
            _message = AdminText.Refusal(refused.Refusal, Loc);
        }
        await LoadAsync();
    }

    public sealed class KeyInput
    {
        public string? Name { get; set; }
        public string[]? Feeds { get; set; }
        public string[]? Units { get; set; }
    }
}
