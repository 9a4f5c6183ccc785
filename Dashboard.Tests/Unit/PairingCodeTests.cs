using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Dashboard.Web.Wall;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The short pairing code a TV remote types: its alphabet and length, how a typed code is read, what is stored, and its
/// life (expiry on the clock, single use, replaced by a new code, cancelled), on a real SQLite accounts database.
/// </summary>
public sealed class PairingCodeTests : IDisposable
{
    // Upper-case letters and digits without 0, O, 1, I and L, written out by hand.
    private const string Unambiguous = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dashboard-tests", Guid.NewGuid().ToString("N"));
    private readonly IDbContextFactory<AccountsDbContext> _db;
    private readonly TestClock _clock = new(ticking: false);
    private readonly WallDevices _devices;
    private readonly WallPairing _pairing;

    public PairingCodeTests()
    {
        Directory.CreateDirectory(_folder);
        _db = new Factory(new DbContextOptionsBuilder<AccountsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "accounts.db")};Pooling=false", o => o.MigrationsHistoryTable(AccountsDbContext.HistoryTable)).Options);
        using (var db = _db.CreateDbContext()) db.Database.Migrate();
        _devices = new WallDevices(_db, _clock);
        _pairing = new WallPairing(_db, _clock, Options.Create(new WallOptions { PairingCodeLifetime = TimeSpan.FromMinutes(10) }));
    }

    public void Dispose()
    {
        _clock.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed class Factory(DbContextOptions<AccountsDbContext> options) : IDbContextFactory<AccountsDbContext>
    {
        public AccountsDbContext CreateDbContext() => new(options);
    }

    private async Task<long> DeviceAsync(string name = "Phòng họp") =>
        (await _devices.CreateAsync(name, ["que-minh"], WallPlaylist.Default, "quan-tri")).Device.Id;

    [Fact]
    public void A_code_has_8_characters_from_upper_case_letters_and_digits_without_look_alikes()
    {
        Assert.Equal(Unambiguous, PairingCode.Alphabet);
        Assert.Equal(31, Unambiguous.Length);
        var seen = new HashSet<char>();
        for (var i = 0; i < 2000; i++)
        {
            var code = PairingCode.New();
            Assert.Equal(8, code.Length);
            Assert.All(code, c => Assert.Contains(c, Unambiguous));
            seen.UnionWith(code);
        }
        Assert.DoesNotContain(seen, c => "0O1IL".Contains(c));
        // 16,000 draws from 31 symbols: every symbol turns up (missing one by chance: about 31 · (30/31)^16000 ≈ 0).
        Assert.Equal(31, seen.Count);
    }

    [Theory]
    [InlineData("ABCDEFGH", "ABCDEFGH")]
    [InlineData("abcd efgh", "ABCDEFGH")]
    [InlineData(" ABCD-EFGH ", "ABCDEFGH")]
    [InlineData("2345 6789", "23456789")]
    [InlineData("ABCDEFG", null)]
    [InlineData("ABCDEFGHJ", null)]
    [InlineData("ABCDEFG0", null)]
    [InlineData("ABCDEFGO", null)]
    [InlineData("ABCDEFG1", null)]
    [InlineData("ABCDEFGI", null)]
    [InlineData("ABCDEFGL", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_typed_code_is_read_in_upper_case_without_spaces_or_dashes(string? typed, string? expected) =>
        Assert.Equal(expected, PairingCode.Normalize(typed));

    [Fact]
    public void A_code_is_shown_in_two_groups_of_four() => Assert.Equal("ABCD EFGH", PairingCode.Display("ABCDEFGH"));

    [Fact]
    public async Task Only_the_hash_is_stored_and_the_code_expires_after_its_lifetime()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        var first = (await _pairing.IssueAsync(await DeviceAsync("Phòng họp"), "quan-tri"))!.Value;
        var second = (await _pairing.IssueAsync(await DeviceAsync("Hội trường"), "quan-tri"))!.Value;

        await using (var db = await _db.CreateDbContextAsync())
        {
            var row = await db.WallPairingCodes.SingleAsync(c => c.Id == first.Row.Id);
            var sha = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("wpc_" + first.Code)));
            Assert.Equal(sha, row.Hash);
            Assert.DoesNotContain(first.Code, row.Hash);
            // 03:00 UTC + 10 minutes.
            Assert.Equal(new DateTime(2026, 11, 27, 3, 10, 0), row.ExpiresAt);
        }

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var (outcome, device) = await _pairing.RedeemAsync(first.Code);
        Assert.Equal((PairingOutcome.Paired, "Phòng họp"), (outcome, device?.Name));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((PairingOutcome.Expired, null), await _pairing.RedeemAsync(second.Code));
    }

    [Fact]
    public async Task A_code_pairs_once()
    {
        var issued = (await _pairing.IssueAsync(await DeviceAsync(), "quan-tri"))!.Value;
        Assert.Equal(PairingOutcome.Paired, (await _pairing.RedeemAsync(PairingCode.Display(issued.Code).ToLowerInvariant())).Outcome);
        Assert.Equal((PairingOutcome.Used, null), await _pairing.RedeemAsync(issued.Code));
    }

    [Fact]
    public async Task A_new_code_replaces_the_waiting_one_and_a_cancelled_code_pairs_nothing()
    {
        var id = await DeviceAsync();
        var old = (await _pairing.IssueAsync(id, "quan-tri"))!.Value;
        var fresh = (await _pairing.IssueAsync(id, "quan-tri"))!.Value;
        Assert.Equal([fresh.Row.Id], (await _pairing.PendingAsync()).Select(p => p.Id));
        Assert.Equal(PairingOutcome.Cancelled, (await _pairing.RedeemAsync(old.Code)).Outcome);

        Assert.True(await _pairing.CancelAsync(fresh.Row.Id));
        Assert.False(await _pairing.CancelAsync(fresh.Row.Id));
        Assert.Equal(PairingOutcome.Cancelled, (await _pairing.RedeemAsync(fresh.Code)).Outcome);
        Assert.Empty(await _pairing.PendingAsync());
    }

    [Fact]
    public async Task A_code_of_a_revoked_screen_or_one_never_issued_pairs_nothing()
    {
        var id = await DeviceAsync();
        var issued = (await _pairing.IssueAsync(id, "quan-tri"))!.Value;
        await _devices.RevokeAsync(id);
        Assert.Equal(PairingOutcome.DeviceRevoked, (await _pairing.RedeemAsync(issued.Code)).Outcome);
        Assert.Null(await _pairing.IssueAsync(id, "quan-tri"));

        var never = issued.Code == "ABCDEFGH" ? "ABCDEFGJ" : "ABCDEFGH";
        Assert.Equal(PairingOutcome.Unknown, (await _pairing.RedeemAsync(never)).Outcome);
        Assert.Equal(PairingOutcome.Malformed, (await _pairing.RedeemAsync("O0O0O0O0")).Outcome);
    }

    [Theory]
    [InlineData("https://dashboard.queminh.lan", "https://dashboard.queminh.lan")]
    [InlineData("https://dashboard.queminh.lan/", "https://dashboard.queminh.lan")]
    [InlineData("https://tinh.lan/bang-dieu-hanh/", "https://tinh.lan/bang-dieu-hanh")]
    [InlineData("http://10.0.0.5:5000", "http://10.0.0.5:5000")]
    [InlineData("http://localhost:5284", null)]
    [InlineData("http://127.0.0.1:5000", null)]
    [InlineData("http://[::1]:5000", null)]
    [InlineData("http://0.0.0.0:5000", null)]
    [InlineData("ftp://dashboard.queminh.lan", null)]
    [InlineData("dashboard.queminh.lan", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_public_address_is_a_reachable_http_address_or_none(string? configured, string? expected) =>
        Assert.Equal(expected, PublicAddress.Of(configured));

    [Fact]
    public void A_link_without_a_public_address_is_the_path_alone()
    {
        Assert.Equal("/wall/pair", PublicAddress.Link("http://localhost:5284", "/wall/pair"));
        Assert.Equal("https://tinh.lan/bang/wall/pair?token=x", PublicAddress.Link("https://tinh.lan/bang/", "/wall/pair?token=x"));
    }
}
