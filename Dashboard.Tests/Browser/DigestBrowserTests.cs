using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The HTML part of a delivered digest, as a mail client shows it: Chromium with JavaScript off, every network request
/// caught (there must be none), nothing wider than 640 px.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DigestBrowserTests : IAsyncLifetime
{
    private readonly int _port = SmtpSink.FreePort();
    private readonly DashboardApp _app;
    private Infrastructure.Browser _browser = default!;

    public DigestBrowserTests()
    {
        var settings = DigestData.Settings(_port);
        // Demo data: every KPI has a figure and a year of records, so the digest is as long as it gets.
        _app = new DashboardApp(demoData: true, settings: settings);
    }

    public async Task InitializeAsync() => _browser = await Infrastructure.Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _app.Dispose();
    }

    /// <summary>What a mail client does with inline images: <c>cid:</c> references resolved to the parts they name.</summary>
    private static string InlineCidImages(MimeMessage message, string html) =>
        Regex.Replace(html, "cid:([^\"'\\s>]+)", m =>
        {
            var part = message.BodyParts.OfType<MimePart>().Single(p => p.ContentId == m.Groups[1].Value);
            using var bytes = new MemoryStream();
            part.Content!.DecodeTo(bytes);
            return $"data:{part.ContentType.MimeType};base64,{Convert.ToBase64String(bytes.ToArray())}";
        });

    [Fact]
    public async Task The_html_part_makes_no_network_request_without_javascript_and_nothing_is_wider_than_640px()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");
        var job = _app.Services.GetRequiredService<DigestJob>();
        Assert.Equal(DigestOutcome.Sent, await job.RunAtAsync(sub.Id, _app.Clock.GetUtcNow(), CancellationToken.None));
        await sink.WaitForAsync(1);
        var message = Assert.Single(sink.Messages).Message;
        var html = InlineCidImages(message, message.HtmlBody ?? "");
        Assert.DoesNotContain("cid:", html);

        foreach (var (width, name) in new[] { (1024, "digest-email.png"), (375, "digest-email-phone.png") })
        {
            var context = await _browser.NewContextAsync(new BrowserNewContextOptions
            {
                JavaScriptEnabled = false,
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
                Locale = "vi-VN",
            });
            var requests = new List<string>();
            // Every request from the page is caught and refused: a mail client offline shows the digest all the same.
            await context.RouteAsync("**/*", async route =>
            {
                lock (requests) requests.Add(route.Request.Url);
                await route.AbortAsync();
            });
            var page = await context.NewPageAsync();
            page.Request += (_, request) => { lock (requests) if (!requests.Contains(request.Url)) requests.Add(request.Url); };
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });

            Assert.Empty(requests);
            Assert.Equal(0, await page.Locator("script").CountAsync());
            var widest = await page.EvaluateAsync<double>(
                "() => Math.max(...Array.from(document.querySelectorAll('body *')).map(e => e.getBoundingClientRect().width))");
            Assert.InRange(widest, 300, 640);
            // Nothing sticks out sideways on a phone either.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"horizontal scroll at {width} px");
            await Assertions.Expect(page.GetByText("Bản tin cải cách hành chính và chuyển đổi số")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath(name), FullPage = true });
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Each_checkbox_and_radio_sits_on_its_labels_line_and_delete_asks_before_it_deletes()
    {
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            var page = await _browser.NewPageAsync(_app, width, height);
            await page.GotoAsync("/digests");
            // Measured once the page is live: while its circuit starts, the form is being rendered again.
            await Assertions.Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
            var labels = page.Locator("#digest-form label.check");
            // Laid out before it is measured: on a loaded machine the first measure once found every box at 0×0.
            await Assertions.Expect(labels.First).ToBeVisibleAsync();
            await Assertions.Expect(labels.Last).ToBeVisibleAsync();
            // …and still laid out when measured: a CI run once found them visible, then every one at 0×0 a moment later.
            await page.WaitForFunctionAsync("""
                () => { const all = [...document.querySelectorAll('#digest-form label.check')];
                        return all.length > 0 && all.every(l => l.getBoundingClientRect().height > 0 && l.querySelector('input').getBoundingClientRect().height > 0); }
                """, null, new() { Timeout = 60_000 });
            Assert.True(await labels.CountAsync() >= 5, "the schedule, content, area and enabled choices are all check labels");
            // The box is beside its text, on the same line, and the whole line is a touch target of at least 44 px.
            var misplaced = await labels.EvaluateAllAsync<string[]>(@"labels => labels.flatMap(l => {
                const box = l.querySelector('input').getBoundingClientRect(), line = l.getBoundingClientRect();
                const ok = Math.abs((box.top + box.bottom) / 2 - (line.top + line.bottom) / 2) < 6 && line.height >= 43.5 && line.height < 90
                    && box.right <= line.left + 40;
                return ok ? [] : [l.textContent.trim() + ' ' + JSON.stringify({box, line})];
            })");
            Assert.True(misplaced.Length == 0, $"{width} px: " + string.Join("; ", misplaced));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Infrastructure.Browser.ArtifactPath($"digests-form-{width}.png"), FullPage = true });
            await page.Context.CloseAsync();
        }

        var admin = await _browser.NewPageAsync(_app, 1366, 768);
        // Settled first: a tap while the page turns live could be taken by the prerendered page or by the circuit.
        await admin.GotoAsync("/digests", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var card = admin.Locator($"[data-digest='{sub.Id}']");
        await card.Locator("[data-role=delete]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-role=delete-confirm]")).ToContainTextAsync("không thể hoàn tác");
        await card.Locator("[data-role=delete-cancel]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-role=delete-confirm]")).ToHaveCountAsync(0);
        await using (var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Dashboard.Shared.Store.DashboardDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.DigestSubscriptions));

        await card.Locator("[data-role=delete]").ClickAsync();
        await card.Locator("[data-role=delete-form] button").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-role=digest-deleted]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator($"[data-digest='{sub.Id}']")).ToHaveCountAsync(0);
    }
}
