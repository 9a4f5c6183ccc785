using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Digests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dashboard.Tests.Integration;

/// <summary>
/// Digests rendered by the real app and delivered to a real SMTP server on loopback (SmtpServer, in this process):
/// content, both parts, Vietnamese text, and exactly once across repeats, crashes and an SMTP outage. The sink stores a
/// message before it answers the DATA command, so once a run has returned, every message it sent is counted: "exactly one"
/// is read straight after the runs, with no waiting.
/// </summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class DigestDeliveryTests : IDisposable
{
    private readonly int _port = SmtpSink.FreePort();
    private readonly DashboardApp _app;

    /// <summary>A Monday, 07:00 in Vietnam: the occurrence most tests deliver.</summary>
    private static readonly DateTimeOffset Monday7 = new(2026, 11, 30, 7, 0, 0, TimeSpan.FromHours(7));

    public DigestDeliveryTests() => _app = new DashboardApp(settings: DigestData.Settings(_port));

    public void Dispose() => _app.Dispose();

    private DigestJob Job => _app.Services.GetRequiredService<DigestJob>();

    private async Task<DigestDelivery> DeliveryAsync(long subscriptionId, string period)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.DigestDeliveries.AsNoTracking().SingleAsync(d => d.SubscriptionId == subscriptionId && d.PeriodKey == period);
    }

    [Fact]
    public async Task A_digest_reaches_a_real_smtp_server_with_both_parts_in_Vietnamese_and_every_off_track_kpi_with_its_owner()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        await DigestData.SeedOffTrackAsync(_app);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn\npho-chu-tich@que-minh.gov.vn");

        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7.AddMinutes(3), CancellationToken.None));
        await sink.WaitForAsync(1);

        var received = Assert.Single(sink.Messages);
        Assert.Equal(["chu-tich@que-minh.gov.vn", "pho-chu-tich@que-minh.gov.vn"], received.Envelope.Order());
        var message = received.Message;
        Assert.Equal(["chu-tich@que-minh.gov.vn", "pho-chu-tich@que-minh.gov.vn"], message.To.Mailboxes.Select(m => m.Address).Order());
        Assert.Equal("bantin@que-minh.gov.vn", message.From.Mailboxes.Single().Address);
        Assert.Equal("UBND xã Quế Minh", message.From.Mailboxes.Single().Name);
        Assert.StartsWith("Bản tin CCHC & CĐS · Xã Quế Minh · 30/11/2026", message.Subject);
        Assert.Equal((await DeliveryAsync(sub.Id, "2026-11-30 07:00")).MessageId, message.MessageId);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        var text = alternative.OfType<TextPart>().Single(p => p.IsPlain);
        var html = alternative.OfType<TextPart>().Single(p => p.IsHtml);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
        Assert.Equal("utf-8", html.ContentType.Charset, ignoreCase: true);
        var htmlText = WebUtility.HtmlDecode(html.Text);

        var engine = _app.Services.GetRequiredService<KpiEngine>();
        var offTrack = engine.ForUnit("que-minh").Where(s => s.Status is KpiStatus.NotMet or KpiStatus.Warning).ToList();
        Assert.Contains(offTrack, s => s.KpiCode == "sipas");
        Assert.Contains(offTrack, s => s.KpiCode == "ho-so-tre-han");
        foreach (var s in offTrack)
        {
            foreach (var part in new[] { text.Text, htmlText })
            {
                Assert.Contains(s.Kpi.Name.Vi, part);
                Assert.Contains(s.Kpi.Owner.Name.Vi, part);
                Assert.Contains($"{DigestData.BaseUrl}/kpi/{s.KpiCode}?unit=que-minh", part);
                // A tap lands on the period the line names.
                Assert.Contains(s.KpiCode == "sipas" ? $"/kpi/sipas?unit=que-minh&period=year&cutoff=calendar&date=2026-01-01"
                    : $"/kpi/{s.KpiCode}?unit=que-minh&period=ytd&cutoff=calendar&date=2026-11-30", part.Replace("&amp;", "&"));
            }
        }
        // Off-track KPIs come first: the first KPI line of the text part is one of them.
        var offTrackHeading = text.Text.IndexOf("Chỉ tiêu không đạt và cần chú ý\n", StringComparison.Ordinal);
        var othersHeading = text.Text.IndexOf("Các chỉ tiêu khác\n", StringComparison.Ordinal);
        Assert.True(offTrackHeading >= 0 && othersHeading > offTrackHeading, text.Text);
        foreach (var s in offTrack) Assert.InRange(text.Text.IndexOf(s.Kpi.Name.Vi, StringComparison.Ordinal), offTrackHeading, othersHeading);
        // Vietnamese diacritics intact in both parts; the scores, the points lost and the late dossier without an apology letter.
        foreach (var part in new[] { text.Text, htmlText })
        {
            Assert.Contains("Bản tin cải cách hành chính và chuyển đổi số", part);
            Assert.Contains("Điểm CCHC hiện tại", part);
            Assert.Contains("điểm bị mất: −", part);
            // The scored period is named beside each score: the one /scores opens on, the year to date (before: the month).
            Assert.Contains("Kỳ tính điểm: Từ đầu năm 2026 đến 30/11/2026 (01/01/2026 – 30/11/2026)", part);
            // Each KPI line names its figure's period, never a clock time: the late dossiers are the year to date (1 of 5,
            // 20%), SIPAS the year of its survey; the heading says when the digest speaks for.
            Assert.Contains("20%", part);
            Assert.Contains("Từ đầu năm 2026 đến 30/11/2026\n", part.Replace("\r", "").Replace("</div>", "\n"));
            Assert.Contains("Năm 2026\n", part.Replace("\r", "").Replace("</div>", "\n"));
            Assert.Contains("Tình hình lúc: 07:00", part);
            Assert.DoesNotContain("Kỳ: 07:00", part);
            // Five dossiers and a yearly survey (which does not lie in the year to date, not yet ended) are too little to grade.
            Assert.Contains("Chưa đủ dữ liệu để xếp loại · Đã đo ", part);
            Assert.Contains("62,5%", part);
            Assert.Contains("HS-TRE-01", part);
            Assert.Contains("Hồ sơ trễ hạn chưa có thư xin lỗi", part);
            Assert.DoesNotContain("HS-DUNG-02", part);
        }
        Assert.DoesNotContain("<script", html.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_job_run_twice_for_the_same_period_sends_once_and_a_later_period_says_what_changed()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        await DigestData.SeedOffTrackAsync(_app);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");

        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        // A retry, and a catch-up run an hour later: the same occurrence, so the same claim.
        Assert.Equal(DigestOutcome.AlreadySent, await Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        Assert.Equal(DigestOutcome.AlreadySent, await Job.RunAtAsync(sub.Id, Monday7.AddHours(1), CancellationToken.None));
        Assert.Equal(1, sink.Count);
        var first = await DeliveryAsync(sub.Id, "2026-11-30 07:00");
        Assert.Equal(DigestState.Sent, first.State);
        Assert.Equal(1, first.Attempts);

        // A week later SIPAS has risen: the next digest shows the arrow and the previous value.
        (await _app.PostReadingsAsync(new[] { new { unit = "que-minh", kpi = "sipas", period = "2026", value = 70m, source = "khao-sat-sipas" } }))
            .EnsureSuccessStatusCode();
        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7.AddDays(7), CancellationToken.None));
        await sink.WaitForAsync(2);
        var second = sink.Messages[1].Message;
        Assert.Contains("70% ↑", second.TextBody);
        Assert.Contains("so với bản tin trước: 62,5%", second.TextBody);
        Assert.NotEqual(sink.Messages[0].Message.MessageId, second.MessageId);
    }

    [Fact]
    public async Task A_claim_left_by_a_crash_before_sending_is_sent_once_by_the_next_run_with_the_claimed_message_id()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");
        var log = _app.Services.GetRequiredService<DeliveryLog>();

        // The crash: the claim is written, then nothing.
        var claim = await log.ClaimAsync(sub.Id, Monday7, CancellationToken.None);
        Assert.Equal(DigestState.Claimed, claim.State);
        // Hangfire runs the job again after the restart (same occurrence).
        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7.AddMinutes(20), CancellationToken.None));
        Assert.Equal(DigestOutcome.AlreadySent, await Job.RunAtAsync(sub.Id, Monday7.AddMinutes(40), CancellationToken.None));
        await sink.WaitForAsync(1);
        Assert.Equal(claim.MessageId, Assert.Single(sink.Messages).Message.MessageId);

        // A claim of an earlier period that no retry picked up is resolved by the next scheduled run, before its own period.
        var lost = await log.ClaimAsync(sub.Id, Monday7.AddDays(7), CancellationToken.None);
        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7.AddDays(14), CancellationToken.None));
        await sink.WaitForAsync(3);
        Assert.Equal(3, sink.Count);
        Assert.Single(sink.Messages, m => m.Message.MessageId == lost.MessageId);
        Assert.Equal(DigestState.Sent, (await DeliveryAsync(sub.Id, "2026-12-07 07:00")).State);
        Assert.Equal(DigestState.Sent, (await DeliveryAsync(sub.Id, "2026-12-14 07:00")).State);
    }

    [Fact]
    public async Task With_smtp_down_the_run_fails_and_shows_on_the_page_and_once_it_is_up_the_digest_is_sent_once()
    {
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn");

        // Nothing listens on the port: the run throws (Hangfire retries it with its bounded back-off) and the row says why.
        await Assert.ThrowsAnyAsync<Exception>(() => Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        var failed = await DeliveryAsync(sub.Id, "2026-11-30 07:00");
        Assert.Equal(DigestState.Failed, failed.State);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        var page = await _app.Http.GetStringAsync("/digests");
        Assert.Contains("Gửi không thành công", page);
        Assert.Contains(WebUtility.HtmlEncode(failed.Error!).Split(':')[0], page);

        await using var sink = await SmtpSink.StartAsync(_port);
        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        Assert.Equal(DigestOutcome.AlreadySent, await Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        await sink.WaitForAsync(1);
        Assert.Equal(1, sink.Count);
        var sent = await DeliveryAsync(sub.Id, "2026-11-30 07:00");
        Assert.Equal(DigestState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(failed.MessageId, sink.Messages[0].Message.MessageId);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_does_not_block_the_others()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        sink.Refuse.Add("khong-ton-tai@que-minh.gov.vn");
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn\nkhong-ton-tai@que-minh.gov.vn\nvan-phong@que-minh.gov.vn");

        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, Monday7, CancellationToken.None));
        await sink.WaitForAsync(1);
        Assert.Equal(["chu-tich@que-minh.gov.vn", "van-phong@que-minh.gov.vn"], Assert.Single(sink.Messages).Envelope.Order());
        var row = await DeliveryAsync(sub.Id, "2026-11-30 07:00");
        Assert.Equal(DigestState.Sent, row.State);
        Assert.Contains("khong-ton-tai@que-minh.gov.vn", row.Refused);
        Assert.Contains("khong-ton-tai@que-minh.gov.vn", await _app.Http.GetStringAsync("/digests"));
    }

    [Fact]
    public async Task A_working_days_digest_skips_a_public_holiday_and_the_weekend()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn", cron: "0 7 * * 1-5");
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            await db.DigestSubscriptions.Where(s => s.Id == sub.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.WorkingDaysOnly, true));

        // Wednesday 2 September 2026, National Day: the cron fires, the job sends nothing and claims nothing.
        Assert.Equal(DigestOutcome.NotAWorkingDay, await Job.RunAtAsync(sub.Id, new DateTimeOffset(2026, 9, 2, 7, 5, 0, TimeSpan.FromHours(7)), CancellationToken.None));
        Assert.Equal(DigestOutcome.Sent, await Job.RunAtAsync(sub.Id, new DateTimeOffset(2026, 9, 3, 7, 5, 0, TimeSpan.FromHours(7)), CancellationToken.None));
        await sink.WaitForAsync(1);
        await using var check = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(["2026-09-03 07:00"], await check.DigestDeliveries.Where(d => d.SubscriptionId == sub.Id).Select(d => d.PeriodKey).ToListAsync());
    }

    [Fact]
    public async Task Send_a_test_now_goes_to_the_one_address_and_the_preview_is_the_same_html()
    {
        await using var sink = await SmtpSink.StartAsync(_port);
        // A test goes to one of the subscription's own recipients, chosen on the page (docs/digests.md).
        var sub = await DigestData.SubscribeAsync(_app, "chu-tich@que-minh.gov.vn\nthu-nghiem@que-minh.gov.vn", language: "en");
        using var forms = await _app.SignedInClientAsync(DashboardApp.AdminName, DashboardApp.Password, followRedirects: false, cookies: new CookieContainer());
        var token = await DigestData.TokenAsync(forms);

        var response = await forms.PostAsync($"/digests/{sub.Id}/test", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["address"] = "thu-nghiem@que-minh.gov.vn",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("tested=", response.Headers.Location!.OriginalString);
        await sink.WaitForAsync(1);
        var test = Assert.Single(sink.Messages);
        Assert.Equal(["thu-nghiem@que-minh.gov.vn"], test.Envelope);
        // In the subscription's language (English), numbers still in vi-VN.
        Assert.StartsWith("[TEST] PAR & DX digest · ", test.Message.Subject);
        Assert.Contains("KPIs off track", test.Message.TextBody);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            Assert.False(await db.DigestDeliveries.AnyAsync(d => d.SubscriptionId == sub.Id), "a test is not a delivery");

        var preview = await _app.Http.GetAsync($"/digests/{sub.Id}/preview");
        Assert.Equal("text/html", preview.Content.Headers.ContentType?.MediaType);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Public-administration reform and digital transformation digest", html);
        Assert.Contains($"{DigestData.BaseUrl}/digests", html);
    }
}
