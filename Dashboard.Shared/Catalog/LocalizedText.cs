using System.Globalization;

namespace Dashboard.Shared.Catalog;

/// <summary>A text in Vietnamese (first) and English (second).</summary>
public sealed record LocalizedText(string Vi, string En)
{
    public string Get(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(En) ? En : Vi;

    public string Current => Get(CultureInfo.CurrentUICulture);

    public override string ToString() => Current;
}
