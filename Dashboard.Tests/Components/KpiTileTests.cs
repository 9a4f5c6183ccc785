using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using Bunit;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Components.Kpis;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public sealed class KpiTileTests : BunitContext
{
    private static readonly KpiDefinition LateDossiers = new("ho-so-tre-han", new("Hồ sơ TTHC trễ hẹn", "Late dossiers"),
        new PlanSection("3.2", 4, "thu-tuc-hanh-chinh", new("Cải cách thủ tục hành chính", "Procedure reform")),
        KpiUnit.Percent, new Target(TargetOperator.Lt, 5), 10, new Agency("van-phong", new("Văn phòng UBND xã", "Commune office")),
        [], KpiBasis.Records, "one-stop");

    public KpiTileTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_health);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private readonly FakeTimeProvider _clock = new(TestClock.Origin);
    private FeedHealth _health => _healthInstance ??= new FeedHealth(null!, _clock);
    private FeedHealth? _healthInstance;

    [Fact]
    public void The_tile_shows_value_target_status_owner_and_update_time_in_vietnamese()
    {
        var updated = _clock.GetUtcNow();
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 6.25m, KpiStatus.Warning, 4.5m, Trend.Up, "2026-11", "mot-cua",
            false, updated, 7);

        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));

        Assert.Equal("Hồ sơ TTHC trễ hẹn", cut.Find(".kpi-name").TextContent);
        Assert.Contains("6,25%", cut.Find("[data-role='value']").TextContent);
        // The value is written once: beside the gauge, not again over it.
        Assert.Empty(cut.FindAll("[data-role='gauge-label']"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(cut.Find("article").TextContent, "6,25%"));
        Assert.Equal("< 5%", cut.Find("[data-role='target']").TextContent);
        Assert.Equal("Cần chú ý", cut.Find("[data-role='status']").TextContent);
        Assert.Equal("Văn phòng UBND xã", cut.Find("[data-role='owner']").TextContent);
        var local = TimeZoneInfo.ConvertTime(updated, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"));
        Assert.Equal($"Cập nhật {local:HH:mm:ss}", cut.Find("[data-role='updated']").TextContent.Trim());
        Assert.Contains("status-warning", cut.Find("article").ClassName);
        Assert.Empty(cut.FindAll(".demo-badge"));
    }

    [Fact]
    public void On_the_wall_the_name_is_not_a_link_and_the_gauge_takes_the_wall_options()
    {
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 6.25m, KpiStatus.Warning, 4.5m, Trend.Up, "2026-11", "mot-cua",
            false, _clock.GetUtcNow(), 7);
        var linked = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));
        // The tile says its period, and the tap lands on that same period (before, the detail opened on its own default).
        Assert.Equal("Tháng 11/2026", linked.Find("[data-role='period']").TextContent);
        Assert.Equal("/kpi/ho-so-tre-han?unit=que-minh&period=month&cutoff=calendar&date=2026-11-01", linked.Find("[data-role='detail-link']").GetAttribute("href"));

        var wall = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot).Add(x => x.Linked, false)
            .Add(x => x.GaugeOptions, Dashboard.Web.Components.Charts.GaugeChart.WallOptions));

        Assert.Empty(wall.FindAll("a"));
        // On the wall the period leads the last line, short, so no tile grows a line.
        Assert.StartsWith("T11/26 · Cập nhật ", wall.Find("[data-role='updated']").TextContent.Trim());
        Assert.Equal("Hồ sơ TTHC trễ hẹn", wall.Find(".kpi-name").TextContent.Trim());
        Assert.Equal("6,25% ▲", wall.Find("[data-role='value']").TextContent);
        Assert.Equal(" ▲", wall.Find("[data-role='value'] .trend-arrow").TextContent);
        // The wall's gauge fills the box the stylesheet sizes in vh (the overview's fills its small box too).
        var init = JSInterop.Invocations.Last(i => i.Identifier == "initialize");
        Assert.Contains("\"height\":\"100%\"", (string)init.Arguments[1]!);
    }

    [Fact]
    public void A_year_to_date_figure_stored_under_the_year_says_so_and_a_tap_opens_the_year_to_date_not_the_whole_year()
    {
        // The live figure of a KPI judged on the year to date is stored under "2026"; today (by the clock) is 27/11/2026.
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 1.5m, KpiStatus.Met, null, Trend.None, "2026", "records",
            false, _clock.GetUtcNow(), 3);

        var tile = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));
        var wall = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot).Add(x => x.Linked, false));

        Assert.Equal("Từ đầu năm 2026 đến 27/11/2026", tile.Find("[data-role='period']").TextContent);
        Assert.Equal("/kpi/ho-so-tre-han?unit=que-minh&period=ytd&cutoff=calendar&date=2026-11-27",
            tile.Find("[data-role='detail-link']").GetAttribute("href"));
        Assert.StartsWith("01/01–27/11 · Cập nhật ", wall.Find("[data-role='updated']").TextContent.Trim());
    }

    [Fact]
    public void A_kpi_judged_on_the_year_reads_its_year_as_the_whole_year()
    {
        var sipas = LateDossiers with { Code = "sipas", Window = Dashboard.Shared.Time.WindowKind.Year };
        var snapshot = new KpiSnapshot("que-minh", sipas, 93.5m, KpiStatus.Met, null, Trend.None, "2025", "manual", false, _clock.GetUtcNow(), 3);

        var tile = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));

        Assert.Equal("Năm 2025", tile.Find("[data-role='period']").TextContent);
        Assert.Equal("/kpi/sipas?unit=que-minh&period=year&cutoff=calendar&date=2025-01-01", tile.Find("[data-role='detail-link']").GetAttribute("href"));
    }

    [Fact]
    public void No_data_is_shown_as_such_never_as_zero()
    {
        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, KpiSnapshot.Empty("que-minh", LateDossiers)));

        Assert.DoesNotContain("0", cut.Find("[data-role='value']").TextContent);
        Assert.Equal("Chưa có dữ liệu", cut.Find("[data-role='status']").TextContent);
        Assert.Equal("Chưa cập nhật", cut.Find("[data-role='updated']").TextContent.Trim());
    }

    [Fact]
    public void Demo_figures_are_labelled()
    {
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 3, KpiStatus.Met, null, Trend.None, "2026-11", "simulator", true, _clock.GetUtcNow(), 1);
        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));
        Assert.Equal("DỮ LIỆU MẪU", cut.Find(".demo-badge").TextContent);
    }

    [Fact]
    public void A_figure_whose_feed_went_quiet_gets_a_freshness_badge_and_keeps_its_status_colour()
    {
        _health.Configure(new Dashboard.Shared.Store.FeedRow { Id = "one-stop", Kind = "http-json", NameVi = "Một cửa", NameEn = "One-stop", CadenceMinutes = 60 });
        var updated = _clock.GetUtcNow();
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 3, KpiStatus.Met, null, Trend.None, "2026-11", "one-stop", false, updated, 1);

        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot));
        Assert.Empty(cut.FindAll("[data-role='freshness']"));

        _clock.Advance(TimeSpan.FromHours(3));
        cut.Render(p => p.Add(x => x.Snapshot, snapshot));
        Assert.Equal("Late", cut.Find("[data-role='freshness']").GetAttribute("data-freshness"));
        Assert.Contains("Trễ cập nhật", cut.Find("[data-role='freshness']").TextContent);
        var local = TimeZoneInfo.ConvertTime(updated, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"));
        Assert.Contains($"{local:HH:mm:ss}", cut.Find("[data-role='freshness']").TextContent);
        Assert.Equal("Đạt", cut.Find("[data-role='status']").TextContent);

        _health.Failed("one-stop", _clock.GetUtcNow(), "HTTP 500");
        cut.Render(p => p.Add(x => x.Snapshot, snapshot));
        Assert.Equal("Stale", cut.Find("[data-role='freshness']").GetAttribute("data-freshness"));
        Assert.Contains("Nguồn dữ liệu lỗi", cut.Find("[data-role='freshness']").TextContent);
        Assert.Contains("status-met", cut.Find("article").ClassName);
    }

    [Fact]
    public void A_month_without_a_figure_is_a_gap_in_the_sparkline_and_a_month_alone_a_dot()
    {
        // 120×28 box, 2 px of padding: x = 2 + i·116/3; 10…30 spans 24 px from y = 26 (lowest) to y = 2 (highest).
        var spark = Dashboard.Web.Components.Charts.Sparkline.Of([10m, null, 20m, 30m]);

        Assert.Equal(["M79.3 14 L118 2"], spark.Lines);
        Assert.Equal([(2d, 26d)], spark.Dots);
        Assert.Empty(Dashboard.Web.Components.Charts.Sparkline.Of([null, null]).Lines);
        // Drawn inside the tile's <svg> as one piece of markup: its title, the lines as one path, a circle per dot.
        Assert.Equal("""<title>T1 &lt; T2</title><path d="M79.3 14 L118 2"></path><circle cx="2" cy="26" r="1.8"></circle>""", spark.Markup("T1 < T2"));
    }

    [Fact]
    public void The_tile_draws_its_twelve_months_and_says_the_first_and_last_figure()
    {
        var snapshot = new KpiSnapshot("que-minh", LateDossiers, 6.25m, KpiStatus.Warning, 4.5m, Trend.Up, "2026-11", "mot-cua",
            false, _clock.GetUtcNow(), 7);
        var months = Enumerable.Range(0, 12).Select(i => $"T{(i + 11) % 12 + 1}/{(i == 0 ? 25 : 26)}").ToList();
        decimal?[] values = [null, null, 9m, 8.5m, null, 8m, 7m, 7m, 6.5m, 6m, 6.5m, 6.25m];

        var loc = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Dashboard.Web.Resources.Strings>>();
        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot)
            .Add(x => x.Monthly, Dashboard.Web.Components.Charts.MonthlyFigures.Of(LateDossiers, months, values, loc)));

        var svg = cut.Find("svg[data-role='sparkline']");
        // Months T12/25 … T11/26; two runs of months (T2–T3, T5–T11/26) are two lines (one path, two pieces); the missing
        // months are not drawn as zero.
        Assert.Equal(2, svg.QuerySelector("path")!.GetAttribute("d")!.Count(c => c == 'M'));
        Assert.Empty(svg.QuerySelectorAll("circle"));
        // Its title names it (role img) and is its tooltip.
        Assert.Equal("12 tháng gần nhất (9 tháng có số liệu): từ 9% (T2/26) đến 6,25% (T11/26)", svg.QuerySelector("title")!.TextContent);

        // Without monthly figures (the wall) there is no sparkline.
        Assert.Empty(Render<KpiTile>(p => p.Add(x => x.Snapshot, snapshot)).FindAll("[data-role='sparkline']"));
    }

    [Fact]
    public void Money_is_written_the_vietnamese_way() =>
        Assert.Equal("1.234.567 ₫", KpiFormat.Value(LateDossiers with { Unit = KpiUnit.Vnd }, 1_234_567m, null!));
}
