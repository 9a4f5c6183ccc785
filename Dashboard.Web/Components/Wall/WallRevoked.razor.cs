using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Wall;

public partial class WallRevoked
{
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    // The cookie is useless now; dropping it lets the screen be paired afresh with a new link.
    protected override async Task OnInitializedAsync() => await HttpContext.SignOutAsync(WallAuthentication.Scheme);
}
