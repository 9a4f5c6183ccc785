using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Dashboard.Web.Wall;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// An administrator grants only what it holds: units within its reach, roles no higher than its own, and it acts only on
/// accounts, keys and screens all of whose units are within its reach. Driven through the real admin forms, as a commune's
/// administrator posting by hand (not only what its page offers).
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class AdminScopeTests : IDisposable
{
    private const string CommuneAdmin = "qt-que-minh";
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<HttpClient> CommuneAdminAsync()
    {
        await _app.CreateUserAsync(CommuneAdmin, Roles.Admin, "que-minh");
        return await _app.SignedInClientAsync(CommuneAdmin, DashboardApp.Password);
    }

    /// <summary>Posts one form of an admin page as a browser would (its antiforgery token from a fresh GET); the page answered, decoded.</summary>
    private static async Task<(HttpStatusCode Status, string Page)> PostFormAsync(HttpClient client, string path, string form, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var content = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", token)).Append(new("_handler", form));
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(content));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<T> AccountsAsync<T>(Func<AccountsDbContext, Task<T>> read)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AccountsDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private async Task<(DashboardUser User, List<string> Units, IList<string> Roles)> UserAsync(string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = (await users.FindByNameAsync(name))!;
        var units = (await users.GetClaimsAsync(user)).Where(c => c.Type == UnitAccess.ClaimType).Select(c => c.Value).ToList();
        return (user, units, await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task A_commune_admin_cannot_mint_a_province_wide_api_key_or_revoke_one_outside_its_reach()
    {
        using var admin = await CommuneAdminAsync();
        var before = await AccountsAsync(db => db.ApiKeys.CountAsync());

        var (_, refused) = await PostFormAsync(admin, "/admin/api-keys", "create-key",
            ("Input.Name", "tỉnh"), ("Input.Feeds", "*"), ("Input.Units", "quang-nam"));
        Assert.Contains("ngoài phạm vi", refused);
        Assert.DoesNotContain("data-role=\"new-key\"", refused);
        // Mixing a unit it holds with one it does not is refused as a whole.
        await PostFormAsync(admin, "/admin/api-keys", "create-key", ("Input.Name", "trộn"), ("Input.Feeds", "*"), ("Input.Units", "que-minh"), ("Input.Units", "que-an"));
        Assert.Equal(before, await AccountsAsync(db => db.ApiKeys.CountAsync()));

        // The tests' own key covers the whole province: not listed to this admin, and not revocable by it.
        var province = await AccountsAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "tests"));
        var list = await admin.GetStringAsync("/admin/api-keys");
        Assert.DoesNotContain(province.Prefix, list);
        // An empty list says what to do, not nothing.
        Assert.Contains("Chưa có khoá API nào.", WebUtility.HtmlDecode(list));
        await PostFormAsync(admin, $"/admin/api-keys?revoke={province.Id}", $"revoke-{province.Id}");
        Assert.Null((await AccountsAsync(db => db.ApiKeys.SingleAsync(k => k.Id == province.Id))).RevokedAt);

        // Within its commune it works as before.
        var (_, made) = await PostFormAsync(admin, "/admin/api-keys", "create-key", ("Input.Name", "một cửa xã"), ("Input.Feeds", "one-stop"), ("Input.Units", "que-minh"));
        Assert.Contains("data-role=\"new-key\"", made);
        var key = await AccountsAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "một cửa xã"));
        Assert.Equal("que-minh", key.Units);
        // Its feeds by name, the id after it; no raw id alone.
        var row = System.Text.RegularExpressions.Regex.Match(WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/api-keys")),
            $"<tr data-key=\"{key.Id}\">.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains(" (one-stop)</td>", row);
        Assert.DoesNotContain("<td>one-stop</td>", row);
        await PostFormAsync(admin, $"/admin/api-keys?revoke={key.Id}", $"revoke-{key.Id}");
        Assert.NotNull((await AccountsAsync(db => db.ApiKeys.SingleAsync(k => k.Id == key.Id))).RevokedAt);
    }

    [Fact]
    public async Task A_commune_admin_cannot_reset_lock_or_edit_a_province_admin_nor_widen_its_own_units()
    {
        using var admin = await CommuneAdminAsync();
        var province = await UserAsync(DashboardApp.AdminName);

        // "Save" on an existing name is how a password is reset: refused for an account outside its reach.
        var (_, reset) = await PostFormAsync(admin, "/admin/users", "save-user", ("Input.Name", DashboardApp.AdminName), ("Input.Role", Roles.Viewer),
            ("Input.Units", "que-minh"), ("Input.Password", "Mat-khau-moi-2026"));
        Assert.Contains("ngoài phạm vi", reset);
        var after = await UserAsync(DashboardApp.AdminName);
        Assert.Equal(province.User.SecurityStamp, after.User.SecurityStamp);
        Assert.Equal(province.User.PasswordHash, after.User.PasswordHash);
        Assert.Equal([Roles.Admin], after.Roles);
        Assert.Equal(province.Units, after.Units);
        Assert.False(after.User.MustChangePassword);

        // Lock: the form is not offered for that account, and a hand-made post changes nothing.
        Assert.DoesNotContain($"data-user=\"{DashboardApp.AdminName}\"", await admin.GetStringAsync("/admin/users"));
        await PostFormAsync(admin, "/admin/users", $"lock-{province.User.Id}");
        Assert.Null((await UserAsync(DashboardApp.AdminName)).User.LockoutEnd);

        // Its own units: no wider than it holds.
        var (_, widened) = await PostFormAsync(admin, "/admin/users", "save-user", ("Input.Name", CommuneAdmin), ("Input.Role", Roles.Admin),
            ("Input.Units", "que-son"), ("Input.Password", "Mat-khau-moi-2026"));
        Assert.Contains("ngoài phạm vi", widened);
        Assert.Equal(["que-minh"], (await UserAsync(CommuneAdmin)).Units);

        // Nor can it hand a wider unit to someone new.
        var (_, wider) = await PostFormAsync(admin, "/admin/users", "save-user", ("Input.Name", "lanh-dao-huyen"), ("Input.Role", Roles.Viewer),
            ("Input.Units", "que-son"), ("Input.Password", "Mat-khau-moi-2026"));
        Assert.Contains("ngoài phạm vi", wider);
        Assert.Equal(0, await AccountsAsync(db => db.Users.CountAsync(u => u.UserName == "lanh-dao-huyen")));

        // Within its commune: creates a viewer, then locks and resets it.
        var (_, created) = await PostFormAsync(admin, "/admin/users", "save-user", ("Input.Name", "chu-tich"), ("Input.Role", Roles.Viewer),
            ("Input.Units", "que-minh"), ("Input.Password", "Mat-khau-moi-2026"));
        Assert.Contains("Đã lưu tài khoản chu-tich", created);
        var chairman = await UserAsync("chu-tich");
        Assert.Equal(["que-minh"], chairman.Units);
        Assert.Equal([Roles.Viewer], chairman.Roles);
        await PostFormAsync(admin, "/admin/users", $"lock-{chairman.User.Id}");
        Assert.NotNull((await UserAsync("chu-tich")).User.LockoutEnd);
    }

    [Fact]
    public async Task A_commune_admin_cannot_register_edit_or_revoke_a_wall_screen_outside_its_reach()
    {
        using var admin = await CommuneAdminAsync();
        var devices = _app.Services.GetRequiredService<WallDevices>();
        var (district, _) = await devices.CreateAsync("Huyện", ["que-son"], WallPlaylist.Default, "tests");

        var (_, refused) = await PostFormAsync(admin, "/admin/devices", "device", ("Input.Name", "Tỉnh"), ("Input.Units", "quang-nam"), ("Input.Views", "overview"),
            ("Input.Seconds[overview]", "20"));
        Assert.Contains("ngoài phạm vi", refused);
        Assert.DoesNotContain("data-role=\"pairing-link\"", refused);
        Assert.Equal(1, await AccountsAsync(db => db.WallDevices.CountAsync()));

        Assert.DoesNotContain($"data-device=\"{district.Id}\"", await admin.GetStringAsync("/admin/devices"));
        await PostFormAsync(admin, "/admin/devices", "device", ("Input.Id", district.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Input.Name", "Huyện"), ("Input.Units", "que-minh"), ("Input.Views", "scores"), ("Input.Seconds[scores]", "20"));
        await PostFormAsync(admin, $"/admin/devices?revoke={district.Id}", $"revoke-{district.Id}");
        var after = await devices.FindAsync(district.Id);
        Assert.Equal(("que-son", district.Playlist, (DateTime?)null), (after!.Units, after.Playlist, after.RevokedAt));

        var (_, made) = await PostFormAsync(admin, "/admin/devices", "device", ("Input.Name", "Phòng họp xã"), ("Input.Units", "que-minh"), ("Input.Views", "overview"),
            ("Input.Seconds[overview]", "20"));
        Assert.Contains("data-role=\"pairing-link\"", made);
    }

    [Fact]
    public void An_admin_cannot_grant_a_role_above_its_own()
    {
        var scope = _app.Services.GetRequiredService<AdminScope>();
        var editor = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new(System.Security.Claims.ClaimTypes.Role, Roles.Editor), new(UnitAccess.ClaimType, "que-son"),
        ], "test"));
        Assert.False(scope.MayGrantRole(editor, Roles.Admin));
        Assert.True(scope.MayGrantRole(editor, Roles.Viewer));
        Assert.True(scope.MayGrantUnits(editor, ["que-minh", "que-an"]));
        Assert.False(scope.MayGrantUnits(editor, ["quang-nam"]));
        Assert.False(scope.MayGrantUnits(editor, []));
        // An account without units is managed only from the top: nobody below can claim it.
        Assert.False(scope.MayManage(editor, [], Roles.Viewer));
        Assert.False(scope.MayManage(editor, ["que-minh"], Roles.Admin));
        Assert.True(scope.MayManage(editor, ["que-minh"], Roles.Editor));
    }

    [Fact]
    public async Task The_services_behind_the_pages_refuse_out_of_reach_changes_too()
    {
        var admin = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new(System.Security.Claims.ClaimTypes.Name, CommuneAdmin), new(System.Security.Claims.ClaimTypes.Role, Roles.Admin), new(UnitAccess.ClaimType, "que-minh"),
        ], "test"));
        var keys = _app.Services.GetRequiredService<ApiKeys>();
        await Assert.ThrowsAsync<AdminScopeException>(() => keys.CreateAsync(admin, "tỉnh", ["*"], ["quang-nam"]));
        var province = await AccountsAsync(db => db.ApiKeys.SingleAsync(k => k.Name == "tests"));
        await Assert.ThrowsAsync<AdminScopeException>(() => keys.RevokeAsync(admin, province.Id));

        var devices = _app.Services.GetRequiredService<WallDeviceAdministration>();
        await Assert.ThrowsAsync<AdminScopeException>(() => devices.CreateAsync(admin, "Tỉnh", ["quang-nam"], WallPlaylist.Default));
        var (district, _) = await _app.Services.GetRequiredService<WallDevices>().CreateAsync("Huyện", ["que-son"], WallPlaylist.Default, "tests");
        await Assert.ThrowsAsync<AdminScopeException>(() => devices.UpdateAsync(admin, district.Id, ["que-minh"], WallPlaylist.Default));
        await Assert.ThrowsAsync<AdminScopeException>(() => devices.RevokeAsync(admin, district.Id));

        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var top = await UserAsync(DashboardApp.AdminName);
        await Assert.ThrowsAsync<AdminScopeException>(() => accounts.SetLockedAsync(admin, top.User.Id, locked: true));
        await Assert.ThrowsAsync<AdminScopeException>(() => accounts.SaveAsync(admin, new(DashboardApp.AdminName, null, Roles.Viewer, ["que-minh"], "Mat-khau-moi-2026")));
        Assert.Null((await UserAsync(DashboardApp.AdminName)).User.LockoutEnd);
    }
}
