using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Components.Account;

/// <summary>Sign-in for people. Five failures in a row lock the account for 15 minutes; every attempt is audited.</summary>
public partial class Login
{
    [Inject] public SignInManager<DashboardUser> SignIn { get; set; } = default!;
    [Inject] public UserManager<DashboardUser> Users { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm] public LoginInput? Input { get; set; }

    protected override void OnInitialized() => Input ??= new();
    [SupplyParameterFromQuery(Name = "ReturnUrl")] public string? ReturnUrl { get; set; }

    private string? _error;

    private async Task SignInAsync()
    {
        var user = (Input!.UserName ?? "").Trim();
        var result = await SignIn.PasswordSignInAsync(user, Input!.Password ?? "", isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await Audit.WriteAsync(user, "sign-in", null, HttpContext);
            var account = await Users.FindByNameAsync(user);
            Navigation.NavigateTo(account?.MustChangePassword == true ? AccountEndpoints.ChangePasswordPath : Local(Input!.ReturnUrl), forceLoad: true);
            return;
        }
        await Audit.WriteAsync(user, result.IsLockedOut ? "sign-in-locked-out" : "sign-in-failed", null, HttpContext);
        // The same words whether the name or the password was wrong: nothing tells which accounts exist.
        _error = result.IsLockedOut ? Loc[nameof(Strings.SignInLockedOut)] : Loc[nameof(Strings.SignInFailed)];
        HttpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    private static string Local(string? url) => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    public sealed class LoginInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? ReturnUrl { get; set; }
    }
}
