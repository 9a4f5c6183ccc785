using System.Globalization;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The password rule as a person reads it under a password field, before submitting: the length comes from Identity's
/// options (Hosting/AccountsExtensions), the character classes are the ones those options require (checked by
/// Dashboard.Tests PasswordHelpTests against the validator itself).
/// </summary>
public static class PasswordRule
{
    /// <summary>The id of the help text, for <c>aria-describedby</c>.</summary>
    public const string HelpId = "password-rules";

    public static string Text(PasswordOptions options, IStringLocalizer<Strings> loc) =>
        string.Format(CultureInfo.CurrentCulture, loc[nameof(Strings.PasswordRules)], options.RequiredLength);
}
