using System.Text.Json.Nodes;
using Bunit;
using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Kpis;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

/// <summary>The tiles' gauge: one <see cref="ApexChart"/> per tile, created once and changed in place.</summary>
public sealed class GaugeTests : BunitContext
{
    private static readonly KpiDefinition Sipas = new("sipas", new("SIPAS", "SIPAS"),
        new PlanSection("II.1", 9, "muc-tieu-chung", new("Mục tiêu chung", "Overall goals")), KpiUnit.Percent,
        new Target(TargetOperator.Gt, 90), 80, new Agency("van-phong", new("Văn phòng UBND xã", "Commune office")), [], KpiBasis.Reading, "manual");

    private static readonly FakeTimeProvider Clock = new(TestClock.Origin);

    private readonly BunitJSModuleInterop _module;

    public GaugeTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(new FeedHealth(null!, Clock));
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
        _module.SetupVoid("initialize", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    private static KpiSnapshot Snapshot(decimal value, KpiStatus status, long version) =>
        new("que-minh", Sipas, value, status, null, Trend.None, "2026-11", "khao-sat", false, Clock.GetUtcNow(), version);

    private IReadOnlyList<JsonObject> Calls(string identifier) =>
        _module.Invocations.Where(i => i.Identifier == identifier).Select(i => (JsonObject)i.Arguments[1]!).ToList();

    [Fact]
    public void The_gauge_creates_its_chart_once_and_updates_it_in_place_with_the_new_values()
    {
        var cut = Render<KpiTile>(p => p.Add(x => x.Snapshot, Snapshot(95, KpiStatus.Met, 1)));

        var options = Assert.Single(Calls("initialize"));
        Assert.Equal("radialBar", (string?)options["chart"]!["type"]);
        Assert.Equal("[95]", options["series"]!.ToJsonString());
        Assert.Equal("""["#2e7d32"]""", options["colors"]!.ToJsonString());
        // apexcharts 4.7 stops updating a radialBar that has a dataLabels formatter: the text is Blazor's.
        Assert.False((bool)options["plotOptions"]!["radialBar"]!["dataLabels"]!["show"]!);
        Assert.Equal("95%", cut.Find("[data-role='value']").TextContent.Trim());

        cut.Render(p => p.Add(x => x.Snapshot, Snapshot(87.5m, KpiStatus.Warning, 2)));

        // The colour goes as an option and the value as a series: 4.7 ignores a series sent with the options.
        var update = Assert.Single(Calls("update"));
        Assert.Equal("""{"options":{"colors":["#e69500"]},"series":[87.5]}""", update.ToJsonString());
        Assert.StartsWith("87,5%", cut.Find("[data-role='value']").TextContent.Trim());
        Assert.Single(Calls("initialize"));

        // Re-rendering with the same values sends nothing to the browser.
        cut.Render(p => p.Add(x => x.Snapshot, Snapshot(87.5m, KpiStatus.Warning, 3)));
        Assert.Single(Calls("update"));

        cut.Render(p => p.Add(x => x.Snapshot, Snapshot(90, KpiStatus.Warning, 4)));
        Assert.Equal("""{"series":[90]}""", Calls("update")[1].ToJsonString());
    }

    [Fact]
    public async Task Disposing_the_tile_destroys_its_chart()
    {
        Render<KpiTile>(p => p.Add(x => x.Snapshot, Snapshot(10, KpiStatus.NotMet, 1)));

        await DisposeComponentsAsync();

        Assert.Single(_module.Invocations, i => i.Identifier == "dispose");
    }
}

public sealed class TrendChartTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;

    public TrendChartTests()
    {
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
        _module.SetupVoid("initialize", _ => true).SetVoidResult();
        _module.SetupVoid("update", _ => true).SetVoidResult();
        _module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    private static readonly TrendPoint[] Autumn = [new("T9/2026", 97.5m), new("T10/2026", null), new("T11/2026", 98.2m)];

    private IReadOnlyList<JsonObject> Calls(string identifier) =>
        _module.Invocations.Where(i => i.Identifier == identifier).Select(i => (JsonObject)i.Arguments[1]!).ToList();

    private IRenderedComponent<TrendChart> RenderChart(IReadOnlyList<TrendPoint> points, decimal? target = 98, decimal? yMax = 100) =>
        Render<TrendChart>(p => p
            .Add(x => x.Points, points)
            .Add(x => x.Target, target)
            .Add(x => x.TargetLabel, "Mục tiêu: ≥ 98%")
            .Add(x => x.SeriesName, "Mức độ hài lòng")
            .Add(x => x.Unit, "%")
            .Add(x => x.YMax, yMax)
            .Add(x => x.AriaLabel, "Xu hướng mức độ hài lòng"));

    [Fact]
    public void The_chart_is_drawn_with_the_periods_the_values_and_the_target_line()
    {
        var cut = RenderChart(Autumn);

        var options = Assert.Single(Calls("initialize"));
        Assert.Equal("line", (string?)options["chart"]!["type"]);
        Assert.False((bool)options["chart"]!["toolbar"]!["show"]!);
        Assert.False((bool)options["chart"]!["zoom"]!["enabled"]!);

        var target = Assert.Single(options["annotations"]!["yaxis"]!.AsArray())!;
        Assert.Equal(98m, target["y"]!.GetValue<decimal>());
        Assert.Equal("Mục tiêu: ≥ 98%", (string?)target["label"]!["text"]);
        Assert.True(target["strokeDashArray"]!.GetValue<int>() > 0);

        var series = Assert.Single(options["series"]!.AsArray())!;
        Assert.Equal("Mức độ hài lòng", (string?)series["name"]);
        var data = series["data"]!.AsArray().Select(d => d!.AsObject()).ToList();
        Assert.Equal(["T9/2026", "T10/2026", "T11/2026"], data.Select(d => (string?)d["x"]));
        Assert.Equal(97.5m, data[0]["y"]!.GetValue<decimal>());
        Assert.Equal("97,5%", (string?)data[0]["label"]);
        // No data is sent as null, which ApexCharts leaves as a gap; never as 0.
        Assert.True(data[1].ContainsKey("y"));
        Assert.Null(data[1]["y"]);

        Assert.Equal("img", cut.Find(".trend-chart").GetAttribute("role"));
        Assert.Equal("Xu hướng mức độ hài lòng", cut.Find(".trend-chart").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData(97.5, 98.2, 98, 100.0)]
    [InlineData(85, 99.4, 98, 100.0)]
    [InlineData(0, 100, 98, 100.0)]
    [InlineData(3.25, 7.5, 5, null)]
    [InlineData(1200, 48_000, 30_000, null)]
    public void The_y_axis_has_whole_number_ticks_around_the_values_and_the_target(double low, double high, double target, double? yMax)
    {
        RenderChart([new("T1/2026", (decimal)low), new("T2/2026", (decimal)high)], (decimal)target, (decimal?)yMax);

        var yaxis = Assert.Single(Calls("initialize"))["yaxis"]!;
        var (min, max, ticks) = (yaxis["min"]!.GetValue<decimal>(), yaxis["max"]!.GetValue<decimal>(), yaxis["tickAmount"]!.GetValue<int>());
        var step = (max - min) / ticks;
        Assert.Equal(decimal.Truncate(step), step);
        Assert.Equal(decimal.Truncate(min), min);
        Assert.InRange(ticks, 1, 9);
        Assert.True(min <= (decimal)low && max >= (decimal)high && max <= ((decimal?)yMax ?? decimal.MaxValue) && min >= 0, $"{min}..{max}");
        Assert.InRange((decimal)target, min, max);
    }

    [Fact]
    public void New_points_update_the_chart_in_place()
    {
        var cut = RenderChart(Autumn);

        cut.Render(p => p.Add(x => x.Points, [new("T9/2026", 97.5m), new("T10/2026", 98.6m), new("T11/2026", 98.2m)]));

        Assert.Single(Calls("initialize"));
        var update = Assert.Single(Calls("update"));
        Assert.False(update.ContainsKey("options"));
        Assert.Equal(98.6m, update["series"]![0]!["data"]![1]!["y"]!.GetValue<decimal>());

        // A new list with the same points is not a change.
        cut.Render(p => p.Add(x => x.Points, [new("T9/2026", 97.5m), new("T10/2026", 98.6m), new("T11/2026", 98.2m)]));
        Assert.Single(Calls("update"));

        cut.Render(p => p.Add(x => x.Target, 99m).Add(x => x.TargetLabel, "Mục tiêu: ≥ 99%"));
        var moved = Calls("update")[1];
        Assert.False(moved.ContainsKey("series"));
        Assert.Equal(99m, moved["options"]!["annotations"]!["yaxis"]![0]!["y"]!.GetValue<decimal>());
        Assert.Single(Calls("initialize"));
    }

    [Fact]
    public async Task Disposing_the_chart_destroys_it()
    {
        RenderChart(Autumn);

        await DisposeComponentsAsync();

        Assert.Single(_module.Invocations, i => i.Identifier == "dispose");
    }
}
