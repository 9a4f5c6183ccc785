using Dashboard.Shared.Engine;

namespace Dashboard.Tests.Unit;

public sealed class StatusRulesTests
{
    [Theory]
    // late dossiers < 5%, amber up to 10%: exactly 5% is not met.
    [InlineData("lt", "5", "10", "4.99", KpiStatus.Met)]
    [InlineData("lt", "5", "10", "5", KpiStatus.Warning)]
    [InlineData("lt", "5", "10", "10", KpiStatus.Warning)]
    [InlineData("lt", "5", "10", "10.01", KpiStatus.NotMet)]
    [InlineData("lt", "5", null, "5", KpiStatus.NotMet)]
    // headcount ≤ 100% of quota: exactly 100 is met.
    [InlineData("le", "100", "105", "100", KpiStatus.Met)]
    [InlineData("le", "100", "105", "100.1", KpiStatus.Warning)]
    [InlineData("le", "100", "105", "105.1", KpiStatus.NotMet)]
    [InlineData("le", "0", null, "0", KpiStatus.Met)]
    [InlineData("le", "0", null, "1", KpiStatus.NotMet)]
    // disbursement ≥ 98%: exactly 98 is met.
    [InlineData("ge", "98", "80", "98", KpiStatus.Met)]
    [InlineData("ge", "98", "80", "97.99", KpiStatus.Warning)]
    [InlineData("ge", "98", "80", "80", KpiStatus.Warning)]
    [InlineData("ge", "98", "80", "79.99", KpiStatus.NotMet)]
    [InlineData("ge", "100", "90", "100", KpiStatus.Met)]
    // SIPAS > 90%: exactly 90 is not met.
    [InlineData("gt", "90", "80", "90.01", KpiStatus.Met)]
    [InlineData("gt", "90", "80", "90", KpiStatus.Warning)]
    [InlineData("gt", "90", null, "90", KpiStatus.NotMet)]
    public void Status_at_the_boundaries(string op, string target, string? amber, string value, KpiStatus expected)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var t = new Target(Enum.Parse<TargetOperator>(op, ignoreCase: true), D(target));
        Assert.Equal(expected, StatusRules.Evaluate(D(value), t, amber is null ? null : D(amber)));
    }

    [Fact]
    public void No_value_is_no_data_never_zero()
    {
        Assert.Equal(KpiStatus.NoData, StatusRules.Evaluate(null, new Target(TargetOperator.Lt, 5), 10));
        Assert.Equal(KpiStatus.NoData, StatusRules.Evaluate(null, null, null));
        Assert.Equal(KpiStatus.Met, StatusRules.Evaluate(0, new Target(TargetOperator.Lt, 5), 10));
    }

    [Fact]
    public void A_kpi_without_target_is_tracked()
    {
        Assert.Equal(KpiStatus.Tracked, StatusRules.Evaluate(42, null, null));
    }

    [Theory]
    [InlineData(null, 5.0, Trend.None)]
    [InlineData(4.0, 5.0, Trend.Up)]
    [InlineData(5.0, 4.0, Trend.Down)]
    [InlineData(5.0, 5.0, Trend.Flat)]
    public void Trend_compares_with_the_previous_value(double? previous, double current, Trend expected) =>
        Assert.Equal(expected, StatusRules.TrendOf((decimal?)previous, (decimal)current));
}
