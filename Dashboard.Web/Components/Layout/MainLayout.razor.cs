using System.Globalization;
using MudBlazor;

namespace Dashboard.Web.Components.Layout;

public partial class MainLayout
{
    private static readonly MudTheme Theme = new()
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

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private string CultureLink(string culture) =>
        $"culture/{culture}?redirect={Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri))}";
}
