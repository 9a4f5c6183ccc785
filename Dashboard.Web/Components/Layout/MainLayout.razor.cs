using System.Globalization;
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

    // False while prerendered; true once the circuit runs this layout, so a test (or a kiosk script) knows clicks will count.
    private bool _interactive;

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _interactive = true;
        StateHasChanged();
    }

    // The drawer of links below 1180 px; closed on every navigation.
    private bool _navOpen;

    private bool Live => RendererInfo.IsInteractive;

    // A link in the drawer is a real link (MudNavLink with a click handler would not be one): the drawer closes once the
    // page it opened is there.
    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    // Re-rendered on every navigation as well, so the links to a part of this page (Here) follow the address.
    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        _navOpen = false;
        _ = InvokeAsync(StateHasChanged);
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

    private void ToggleNav() => _navOpen = !_navOpen;

    private void CloseNav() => _navOpen = false;

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private string CultureLink(string culture) =>
        $"culture/{culture}?redirect={Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri))}";
}
