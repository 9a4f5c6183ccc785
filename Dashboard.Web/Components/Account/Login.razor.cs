using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Components.Account;

/// <summary>
/// Sign-in for people. Guessing is slowed by the sign-in throttle (Accounts/SignInThrottle), never by locking the account:
/// only an administrator locks one. One answer for a wrong password, an unknown name and a locked account, in about the
/// same time; every attempt is audited.
/// </summary>
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

    /// <summary>A hash of nothing anyone knows, checked when there is no password to check, so that takes as long as a real check.</summary>
    private static string? _decoyHash;

    private async Task SignInAsync()
    {
        var user = (Input!.UserName ?? "").Trim();
        var password = Input!.Password ?? "";
        var account = await Users.FindByNameAsync(user);
        // lockoutOnFailure: false — a stranger's wrong guesses must not lock the real person out (the throttle slows them).
        var result = account is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await SignIn.PasswordSignInAsync(account, password, isPersistent: true, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await Audit.WriteAsync(user, "sign-in", null, HttpContext);
            Navigation.NavigateTo(account!.MustChangePassword ? AccountEndpoints.ChangePasswordPath : LocalUrl.OrRoot(Input!.ReturnUrl), forceLoad: true);
            return;
        }
        // Identity answers an unknown name or a locked account without hashing the password: hash one anyway.
        if (account is null || result.IsLockedOut || result.IsNotAllowed)
        {
            _decoyHash ??= Users.PasswordHasher.HashPassword(new DashboardUser(), Secrets.New("decoy_"));
            Users.PasswordHasher.VerifyHashedPassword(new DashboardUser(), _decoyHash, password);
        }
        await Audit.WriteAsync(user, result.IsLockedOut ? "sign-in-locked-out" : "sign-in-failed", null, HttpContext);
        // The same words whatever went wrong: nothing tells which accounts exist or which are locked.
        _error = Loc[nameof(Strings.SignInFailed)];
        HttpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
    }

    public sealed class LoginInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? ReturnUrl { get; set; }
    }
}
