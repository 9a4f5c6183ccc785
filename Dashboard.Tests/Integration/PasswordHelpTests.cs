using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>
/// The password rule is read under every field where a password is chosen, before submitting, tied to the field by
/// aria-describedby; and it is the rule the validator enforces, shown by a worked example for each part of it.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class PasswordHelpTests : IDisposable
{
    private const string RuleVi = "Ít nhất 10 ký tự, có chữ hoa, chữ thường và chữ số.";
    private const string RuleEn = "At least 10 characters, with upper-case and lower-case letters and a digit.";

    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>The help text's element and the ids named by the aria-describedby of the input called <paramref name="field"/>.</summary>
    private static (string Help, string[] DescribedBy) HelpOf(string page, string field)
    {
        var input = Regex.Match(page, $"<input[^>]*name=\"{Regex.Escape(field)}\"[^>]*>").Value;
        Assert.NotEmpty(input);
        var ids = Regex.Match(input, "aria-describedby=\"([^\"]+)\"").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(ids);
        var help = Regex.Match(page, $"id=\"{Regex.Escape(ids[0])}\"[^>]*>([^<]*)<").Groups[1].Value.Trim();
        return (help, ids);
    }

    [Theory]
    [InlineData("/account/change-password", "Input.New")]
    [InlineData("/account/change-password", "Input.Confirm")]
    [InlineData("/admin/users", "Input.Password")]
    public async Task The_rule_is_under_the_password_field_and_described_by_it(string path, string field)
    {
        var page = WebUtility.HtmlDecode(await _app.Http.GetStringAsync(path));
        var (help, ids) = HelpOf(page, field);
        Assert.Equal(RuleVi, help);
        Assert.Single(Regex.Matches(page, $"id=\"{Regex.Escape(ids[0])}\""));
        Assert.Contains("minlength=\"10\"", Regex.Match(page, $"<input[^>]*name=\"{Regex.Escape(field)}\"[^>]*>").Value);
    }

    [Fact]
    public async Task The_rule_reads_in_english_after_switching_the_language()
    {
        (await _app.Http.GetAsync("/culture/en-US?redirect=/")).Dispose();
        foreach (var (path, field) in new[] { ("/account/change-password", "Input.New"), ("/admin/users", "Input.Password") })
            Assert.Equal(RuleEn, HelpOf(WebUtility.HtmlDecode(await _app.Http.GetStringAsync(path)), field).Help);
    }

    [Theory]
    [InlineData("Abcdefgh1", false)]   // 9 characters
    [InlineData("abcdefghi1", false)]  // no upper case
    [InlineData("ABCDEFGHI1", false)]  // no lower case
    [InlineData("Abcdefghij", false)]  // no digit
    [InlineData("Abcdefghi1", true)]   // 10, upper, lower, digit: no symbol needed
    public async Task The_rule_shown_is_the_rule_enforced(string password, bool accepted)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = new DashboardUser { UserName = "thu-mat-khau", DisplayName = "Thử" };
        var results = await Task.WhenAll(users.PasswordValidators.Select(v => v.ValidateAsync(users, user, password)));
        Assert.Equal(accepted, results.All(r => r.Succeeded));
    }
}
