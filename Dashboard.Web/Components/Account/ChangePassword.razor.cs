using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Components.Account;

public partial class ChangePassword
{
    [Inject] public SignInManager<DashboardUser> SignIn { get; set; } = default!;
    [Inject] public UserManager<DashboardUser> Users { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [Inject] public NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm] public PasswordInput? Input { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private List<string> _errors = [];

    private async Task ChangeAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            Navigation.NavigateTo("/account/login", forceLoad: true);
            return;
        }
        if (Input!.New != Input!.Confirm)
        {
            _errors = [Loc[nameof(Strings.PasswordsDiffer)]];
            return;
        }
        var result = await Users.ChangePasswordAsync(user, Input!.Current ?? "", Input!.New ?? "");
        if (!result.Succeeded)
        {
            _errors = result.Errors.Select(e => e.Description).ToList();
            return;
        }
        user.MustChangePassword = false;
        await Users.UpdateAsync(user);
        await SignIn.RefreshSignInAsync(user);
        await Audit.WriteAsync(user.UserName!, "password-changed", null, HttpContext);
        Navigation.NavigateTo("/", forceLoad: true);
    }

    public sealed class PasswordInput
    {
        public string? Current { get; set; }
        public string? New { get; set; }
        public string? Confirm { get; set; }
    }
}
