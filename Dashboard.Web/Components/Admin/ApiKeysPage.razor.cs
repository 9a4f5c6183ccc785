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
    [Inject] public IDbContextFactory<AccountsDbContext> AccountsDb { get; set; } = default!;
    [Inject] public IDbContextFactory<DashboardDbContext> Store { get; set; } = default!;
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "create-key")] public KeyInput? Input { get; set; }

    private List<ApiKey> _keys = [];
    private List<string> _feeds = [];
    private string? _secret;
    private string? _message;

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        await using var store = await Store.CreateDbContextAsync();
        _feeds = await store.Feeds.AsNoTracking().OrderBy(f => f.Id).Select(f => f.Id).ToListAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        await using var db = await AccountsDb.CreateDbContextAsync();
        _keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync();
    }

    private async Task CreateAsync()
    {
        var feeds = (Input!.Feeds ?? []).Where(f => f == "*" || _feeds.Contains(f)).ToList();
        var units = (Input.Units ?? []).Where(u => Units.Find(u) is not null).ToList();
        if (string.IsNullOrWhiteSpace(Input.Name) || feeds.Count == 0 || units.Count == 0)
        {
            _message = Loc[nameof(Strings.ApiKeyFormIncomplete)];
            return;
        }
        var (key, secret) = await Keys.CreateAsync(Input.Name, feeds, units, Me);
        await Audit.WriteAsync(Me, "api-key-created", $"{key.Name} ({key.Prefix}): {key.Feeds} / {key.Units}", HttpContext);
        _secret = secret;
        await LoadAsync();
    }

    private async Task RevokeAsync(long id)
    {
        if (await Keys.RevokeAsync(id)) await Audit.WriteAsync(Me, "api-key-revoked", id.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpContext);
        await LoadAsync();
    }

    public sealed class KeyInput
    {
        public string? Name { get; set; }
        public string[]? Feeds { get; set; }
        public string[]? Units { get; set; }
    }
}
