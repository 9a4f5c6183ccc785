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

    [Theory]
    // Now is 27/11/2026 10:00 in Vietnam (03:00 UTC).
    [InlineData("2026-11-27T02:15:00Z", "09:15")]      // today: the time, to the minute
    [InlineData("2026-11-26T17:30:00Z", "00:30")]      // 26/11 in UTC, already 27/11 in Vietnam: today
    [InlineData("2026-11-26T10:00:00Z", "26/11")]      // earlier this year: the day
    [InlineData("2025-12-31T10:00:00Z", "31/12/25")]   // another year: the day and the year
    public void The_wall_shows_a_time_short_enough_for_its_last_line(string utc, string shown)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(shown, KpiFormat.ShortTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), clock));
    }
}
