using Dashboard.Shared.Catalog;
using Dashboard.Web.Components.Kpis;

namespace Dashboard.Tests.Unit;

/// <summary>A displayed figure never rounds across its target or amber threshold.</summary>
public sealed class KpiFormatTests
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));

    [Theory]
    // Late dossiers, target "< 5", amber 10. 4,9956% meets "< 5": two decimals would show "5%" beside "Đạt", three show 4,996%.
    [InlineData("ho-so-tre-han", "4.9956", "4,996%")]
    // 4,99996 needs five decimals (4,9999 and 4,99996 … rounding to 4 gives 5,0000).
    [InlineData("ho-so-tre-han", "4.99996", "4,99996%")]
    // Far from a boundary, two decimals at most, as before.
    [InlineData("ho-so-tre-han", "3.14159", "3,14%")]
    [InlineData("ho-so-tre-han", "5", "5%")]
    // Just over the amber threshold (10): 10,004 is red, "10%" would read amber.
    [InlineData("ho-so-tre-han", "10.004", "10,004%")]
    // Exactly on the boundary stays as it is.
    [InlineData("ho-so-tre-han", "10", "10%")]
    public void The_shown_figure_stays_on_its_side_of_the_target(string kpi, string value, string shown) =>
        Assert.Equal(shown, KpiFormat.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Catalog.Find(kpi)!) + "%");
}
