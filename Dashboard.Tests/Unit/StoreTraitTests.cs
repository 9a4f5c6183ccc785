using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The PostgreSQL pass of .ci/run runs only the classes marked with <see cref="TestProvider.Trait"/>: a new host test
/// left unmarked would silently never meet PostgreSQL. Every class of the host namespaces carries the mark, unless
/// named here with the reason.
/// </summary>
public sealed class StoreTraitTests
{
    private static readonly Dictionary<string, string> Unmarked = new()
    {
        [nameof(Integration.ShutdownTests)] = "its server is on SQLite whatever the pass",
        [nameof(Integration.SqlServerTests)] = "chooses SQL Server itself",
        // What these assert is decided by the HTTP pipeline before any query: the same code whichever store is behind it.
        [nameof(Integration.SecurityHeadersTests)] = "the headers on each kind of response",
        [nameof(Integration.HttpsRequiredTests)] = "a deployment opened over plain http:// says where https:// is",
        [nameof(Security.RedirectTests)] = "where the language switch and the sign-in may return to",
    };

    [Fact]
    public void Every_host_test_class_runs_on_postgresql_too()
    {
        var hostClasses = typeof(StoreTraitTests).Assembly.GetTypes()
            .Where(t => t.Namespace is "Dashboard.Tests.Integration" or "Dashboard.Tests.Security" && t.IsPublic && !t.IsAbstract)
            .Where(t => t.GetMethods().Any(m => m.IsDefined(typeof(FactAttribute), inherit: true)))
            .ToList();
        Assert.True(hostClasses.Count > 20, $"only {hostClasses.Count} host test classes found: has the layout changed?");
        var missing = hostClasses
            .Where(t => !Unmarked.ContainsKey(t.Name))
            .Where(t => !t.GetCustomAttributesData().Any(IsStoreProvider))
            .Select(t => t.FullName);
        Assert.Empty(missing);
    }

    // xunit 2 keeps a trait's name and value only in the attribute's constructor arguments.
    private static bool IsStoreProvider(System.Reflection.CustomAttributeData a) =>
        a.AttributeType == typeof(TraitAttribute)
        && a.ConstructorArguments is [{ Value: TestProvider.Trait }, { Value: TestProvider.Provider }];
}
