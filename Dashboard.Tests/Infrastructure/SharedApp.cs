namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// One plain app for all the tests of a class that only ask it questions (where a redirect goes, which headers come
/// back) and change nothing another test of the class reads: started once per class (<c>IClassFixture&lt;SharedApp&gt;</c>)
/// instead of once per test. Those tests sign in many times from one address, which is not what they are about, so
/// the sign-in throttle is set out of their way (<c>SignInThrottleTests</c> tests it on hosts of their own).
/// </summary>
public sealed class SharedApp : IDisposable
{
    public DashboardApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Auth:SignInThrottle:PerAddressAndName"] = "1000",
        ["Auth:SignInThrottle:PerAddress"] = "1000",
    });

    public void Dispose() => App.Dispose();
}
