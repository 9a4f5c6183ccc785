using System.Globalization;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Web.Components.Layout;

public partial class MainLayout : IDisposable
{
    /// <summary>The dashboard's theme; App.razor renders it statically, once per page load.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b4f8a",
            AppbarBackground = "#0b4f8a",
            Background = "#f4f6f9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Liberation Sans", "Arial", "Helvetica", "sans-serif"] },
        },
    };

    [Inject] public IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter] public Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>A link of the main navigation, on the bar and in the drawer: its address and its name (a resource key).</summary>
    private sealed record NavItem(string Href, string Name, bool Exact = false);

    private static readonly NavItem[] Everyone =
    [
        new("", nameof(Strings.NavOverview), Exact: true),
        new("briefing", nameof(Strings.NavBriefing)),
        new("scores", nameof(Strings.NavScores)),
        new("plan", nameof(Strings.NavPlan)),
        new("digests", nameof(Strings.NavDigests)),
    ];

    private static readonly NavItem[] Editors = [.. Everyone, new("feeds", nameof(Strings.NavFeeds)), new("import", nameof(Strings.NavImport))];

    // What the signed-in user may see, worked out once per sign-in state rather than by a component per group of links.
    private IReadOnlyList<NavItem> _links = Everyone;
    private bool _canAdminister;
    private string? _user;

    protected override async Task OnParametersSetAsync()
    {
        if (AuthState is null) return;
        var user = (await AuthState).User;
        _user = user.Identity?.IsAuthenticated == true ? user.FindFirst(DashboardClaimsFactory.DisplayNameClaim)?.Value ?? "" : null;
        _links = _user is not null && (await Authorization.AuthorizeAsync(user, Roles.CanEdit)).Succeeded ? Editors : Everyone;
        _canAdminister = _user is not null && (await Authorization.AuthorizeAsync(user, Roles.CanAdminister)).Succeeded;
    }

    // The drawer of links below 1180 px; closed on every navigation.
    private bool _navOpen;

    // Until it first opens, the drawer does not slide (MudBlazor's "initial" state): a page never opens with it moving.
    private bool _navMoved;

    private string DrawerClass => (_navOpen, _navMoved) switch
    {
        (true, _) => "mud-drawer mud-drawer-fixed mud-drawer-pos-left mud-drawer--open mud-drawer-md mud-drawer-clipped-never mud-elevation-2 mud-drawer-temporary nav-drawer",
        (false, true) => "mud-drawer mud-drawer-fixed mud-drawer-pos-left mud-drawer--closed mud-drawer-md mud-drawer-clipped-never mud-elevation-2 mud-drawer-temporary nav-drawer",
        _ => "mud-drawer mud-drawer-fixed mud-drawer-pos-left mud-drawer--closed mud-drawer--initial mud-drawer-md mud-drawer-clipped-never mud-elevation-2 mud-drawer-temporary nav-drawer",
    };

    // Live once the circuit runs this layout: the page says so (data-interactive), so a test (or a kiosk script) knows
    // clicks will count.
    private bool Live => RendererInfo.IsInteractive;

    // A link in the drawer is a real link: the drawer closes once the page it opened is there.
    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    // Re-rendered on every navigation as well, so the links to a part of this page (Here) and the current link follow the address.
    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        SetNav(false);
        _ = InvokeAsync(StateHasChanged);
    }

    /// <summary>
    /// Whether a link is the page on screen, as NavLink tells: the overview only on its own address (its query aside), any
    /// other on its address and the pages under it (<c>scores</c> on <c>/scores/manage</c> and <c>/scores?unit=…</c>).
    /// </summary>
    private bool IsCurrent(NavItem link)
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri);
        if (link.Exact) return path.Length == 0 || path[0] is '?' or '#';
        return path.StartsWith(link.Href, StringComparison.OrdinalIgnoreCase)
            && (path.Length == link.Href.Length || path[link.Href.Length] is '/' or '?' or '#');
    }

    /// <summary>
    /// A link to a part of this page. A bare "#main" resolves against the document's &lt;base href="/"&gt;: it would open
    /// the overview (the skip link, or the menu of an admin page, took the user away from the page they were on).
    /// </summary>
    private string Here(string fragment)
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri);
        var hash = path.IndexOf('#');
        return (hash < 0 ? path : path[..hash]) + "#" + fragment;
    }

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;

    private void ToggleNav() => SetNav(!_navOpen);

    private void CloseNav() => SetNav(false);

    private void SetNav(bool open)
    {
        _navMoved |= open != _navOpen;
        _navOpen = open;
    }

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private string CultureLink(string culture) =>
        $"culture/{culture}?redirect={Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri))}";
}
