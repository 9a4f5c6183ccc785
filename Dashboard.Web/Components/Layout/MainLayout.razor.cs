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

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        if (!_navOpen) return;
        _navOpen = false;
        _ = InvokeAsync(StateHasChanged);
    }

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;

    private void ToggleNav() => _navOpen = !_navOpen;

    private void CloseNav() => _navOpen = false;

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private string CultureLink(string culture) =>
        $"culture/{culture}?redirect={Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri))}";
}
