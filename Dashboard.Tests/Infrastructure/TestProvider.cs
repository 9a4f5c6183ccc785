namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Which database the hosts under test use: SQLite files (the default) or, with DASHBOARD_TEST_PROVIDER=PostgreSql, a
/// fresh PostgreSQL database per host (<see cref="DashboardApp"/>, <see cref="PublishedServer"/>).
/// </summary>
public static class TestProvider
{
    public static bool IsPostgreSql =>
        string.Equals(Environment.GetEnvironmentVariable("DASHBOARD_TEST_PROVIDER"), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>[Trait(TestProvider.Trait, TestProvider.Provider)]</c> marks a class whose hosts take their store from
    /// DASHBOARD_TEST_PROVIDER: .ci/run runs everything on SQLite, then only these again on PostgreSQL
    /// (<c>--filter "Store=Provider"</c>). Unit, component and most browser tests behave the same on either store.
    /// </summary>
    public const string Trait = "Store";

    /// <inheritdoc cref="Trait"/>
    public const string Provider = "Provider";
}
