using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>Adds the "must change password" mark to the sign-in, so it is checked without a database call per request.</summary>
public sealed class DashboardClaimsFactory(UserManager<DashboardUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePasswordClaim = "dashboard:must-change-password";
    public const string DisplayNameClaim = "dashboard:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return identity;
    }
}

public static class AccountEndpoints
{
    public const string ChangePasswordPath = "/account/change-password";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<DashboardUser> signIn, Audit audit) =>
        {
            // The antiforgery middleware only records its verdict; an endpoint that binds no form must read it itself.
            if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
                return Results.BadRequest();
            var who = http.User.Identity?.Name ?? "?";
            await signIn.SignOutAsync();
            await audit.WriteAsync(who, "sign-out", null, http);
            return Results.LocalRedirect("/account/login");
        }).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            // Signing out is a person's: a wall screen (its own cookie) is turned away like a stranger.
            .RequireAuthorization(Roles.CanView);
        return app;
    }

    /// <summary>A password someone else chose (the one-time first password, an admin's reset) is changed before anything else.</summary>
    public static IApplicationBuilder UseFirstPasswordChange(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.HasClaim(DashboardClaimsFactory.MustChangePasswordClaim, "true")
            && !ctx.Request.Path.StartsWithSegments("/account")
            && !ctx.Request.Path.StartsWithSegments("/_framework") && !ctx.Request.Path.StartsWithSegments("/_content")
            && HttpMethods.IsGet(ctx.Request.Method) && Path.GetExtension(ctx.Request.Path.Value) is "" or null)
        {
            ctx.Response.Redirect(ChangePasswordPath);
            return;
        }
        await next(ctx);
    });
}
