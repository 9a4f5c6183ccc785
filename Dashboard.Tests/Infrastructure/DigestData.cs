using System.Globalization;
using System.Net.Http.Json;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>What the digest tests share: a host wired to a loopback SMTP port, a subscription, figures off track.</summary>
public static class DigestData
{
    public const string BaseUrl = "https://bang-dieu-hanh.que-minh.test";

    public static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Jobs:RunServer"] = "false",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "UBND xã Quế Minh <bantin@que-minh.gov.vn>",
        ["Smtp:Timeout"] = "00:00:10",
        ["Digests:BaseUrl"] = BaseUrl,
    };

    public static async Task<DigestSubscription> SubscribeAsync(DashboardApp app, string recipients, string content = "all", string cron = "0 7 * * 1",
        string owner = DashboardApp.AdminName, string language = "vi")
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var row = new DigestSubscription
        {
            Owner = owner, Name = "Bản tin sáng thứ Hai", Recipients = recipients, UnitCode = "que-minh", Cron = cron, Preset = "custom",
            Content = content, Language = language, CreatedAt = app.Clock.GetUtcNow().UtcDateTime, UpdatedAt = app.Clock.GetUtcNow().UtcDateTime,
        };
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>Figures off track (a low SIPAS reading, 1 late dossier of 5, without an apology letter) so a digest has something to say.</summary>
    public static async Task SeedOffTrackAsync(DashboardApp app)
    {
        (await app.PostReadingsAsync(new[] { new { unit = "que-minh", kpi = "sipas", period = "2026", value = 62.5m, source = "khao-sat-sipas" } }))
            .EnsureSuccessStatusCode();
        string Day(int offset) => app.Today.AddDays(offset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        (await app.Http.PostAsJsonAsync("/api/v1/records/dossier?feed=one-stop&unit=que-minh", new object[]
        {
            new { ma_ho_so = "HS-TRE-01", ma_thu_tuc = "1.001612", ngay_nhan = Day(-6), han_tra = Day(-2), kenh = "truc-tiep", co_quan = "tu-phap-ho-tich" },
            new { ma_ho_so = "HS-DUNG-02", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tuyen-toan-trinh" },
            // Five dossiers in all: fewer would be too few to judge the late-dossier share.
            new { ma_ho_so = "HS-DUNG-03", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
            new { ma_ho_so = "HS-DUNG-04", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
            new { ma_ho_so = "HS-DUNG-05", ma_thu_tuc = "1.001612", ngay_nhan = Day(-3), han_tra = Day(5), kenh = "truc-tiep" },
        })).EnsureSuccessStatusCode();
        var engine = app.Services.GetRequiredService<KpiEngine>();
        await Wait.UntilAsync(() => Task.FromResult(engine.Get("que-minh", "ho-so-tre-han").Value is not null && engine.Get("que-minh", "sipas").Value is not null),
            "the seeded figures in the engine");
    }

    public static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/digests");
        return System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    }

}
