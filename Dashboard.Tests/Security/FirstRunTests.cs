using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>No default password: without one configured, the first administrator gets a one-time password printed once.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class FirstRunTests
{
    [Fact]
    public async Task The_one_time_password_is_printed_once_and_must_be_changed_at_first_sign_in()
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        DashboardApp app;
        try
        {
            app = new DashboardApp(settings: new Dictionary<string, string?> { ["Auth:FirstAdminPassword"] = "" }, signIn: false);
        }
        finally
        {
            Console.SetOut(original);
        }
        using (app)
        {
            var printed = Regex.Match(console.ToString(), @"one-time password:\s+(\S+)");
            Assert.True(printed.Success, "the one-time password was not printed");
            var password = printed.Groups[1].Value;

            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
                { BaseAddress = app.BaseAddress };
            // The obvious guesses do not work.
            foreach (var guess in new[] { "admin", "Admin123456", "password" })
                Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardApp.SignInAsync(client, DashboardApp.AdminName, guess)).StatusCode);

            var signIn = await DashboardApp.SignInAsync(client, DashboardApp.AdminName, password);
            Assert.Equal("/account/change-password", new Uri(app.BaseAddress, signIn.Headers.Location!).AbsolutePath);
            // Until it is changed, every page leads back to the change.
            Assert.Equal("/account/change-password", new Uri(app.BaseAddress, (await client.GetAsync("/scores")).Headers.Location!).AbsolutePath);

            var page = await client.GetStringAsync("/account/change-password");
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            var changed = await client.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "change-password", ["Input.Current"] = password,
                ["Input.New"] = "Mat-khau-moi-2026", ["Input.Confirm"] = "Mat-khau-moi-2026",
            }));
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scores")).StatusCode);

            // The one-time password is spent.
            using var other = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardApp.SignInAsync(other, DashboardApp.AdminName, password)).StatusCode);
        }
    }
}
