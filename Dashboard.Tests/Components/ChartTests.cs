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
        _module.Invocations.Where(i => i.Identifier == identifier).Select(i => JsonNode.Parse((string)i.Arguments[1]!)!.AsObject()).ToList();

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

    private static TrendPoint Point(string label, decimal? value, decimal? target = 98) =>
        new(label, value, value is { } v ? v.ToString("0.##", CultureInfo.GetCultureInfo("vi-VN")) + "%" : "—", target, target is { } t ? $"Chỉ tiêu: ≥ {t}%" : null);

    private static readonly TrendPoint[] Autumn = [Point("T9/26", 97.5m), Point("T10/26", null), Point("T11/26", 98.2m)];

    private IReadOnlyList<JsonObject> Calls(string identifier) =>
        _module.Invocations.Where(i => i.Identifier == identifier).Select(i => JsonNode.Parse((string)i.Arguments[1]!)!.AsObject()).ToList();

    private static List<JsonObject> Data(JsonNode series) => series["data"]!.AsArray().Select(d => d!.AsObject()).ToList();

    private IRenderedComponent<TrendChart> RenderChart(IReadOnlyList<TrendPoint> points, decimal? yMax = 100, IReadOnlyList<string>? names = null) =>
        Render<TrendChart>(p => p
            .Add(x => x.Points, points)
            .Add(x => x.TargetLabel, "Chỉ tiêu: ≥ 98%")
            .Add(x => x.SeriesName, "Mức độ hài lòng")
            .Add(x => x.Unit, "%")
            .Add(x => x.YMax, yMax)
            .Add(x => x.AxisNames, names)
            .Add(x => x.EmptyText, "Chưa có dữ liệu trong 12 kỳ gần nhất.")
            .Add(x => x.AriaLabel, "Xu hướng mức độ hài lòng"));

    [Fact]
    public void The_chart_is_drawn_with_the_periods_the_values_and_a_dashed_target_line()
    {
        var cut = RenderChart(Autumn);

        var options = Assert.Single(Calls("initialize"));
        Assert.Equal("line", (string?)options["chart"]!["type"]);
        Assert.False((bool)options["chart"]!["toolbar"]!["show"]!);
        Assert.False((bool)options["chart"]!["zoom"]!["enabled"]!);

        var series = options["series"]!.AsArray();
        Assert.Equal(3, series.Count);
        Assert.Equal("Mức độ hài lòng", (string?)series[0]!["name"]);
        var data = Data(series[0]!);
        Assert.Equal(["T9/26", "T10/26", "T11/26"], data.Select(d => (string?)d["x"]));
        Assert.Equal(97.5m, data[0]["y"]!.GetValue<decimal>());
        Assert.Equal("97,5%", (string?)data[0]["label"]);
        // No data is sent as null, which ApexCharts leaves as a gap; never as 0.
        Assert.True(data[1].ContainsKey("y"));
        Assert.Null(data[1]["y"]);

        // The target is a series of its own, one value per period, dashed.
        Assert.Equal("Chỉ tiêu: ≥ 98%", (string?)series[1]!["name"]);
        Assert.Equal([98m, 98m, 98m], Data(series[1]!).Select(d => d["y"]!.GetValue<decimal>()));
        Assert.Equal(0, options["stroke"]!["dashArray"]![0]!.GetValue<int>());
        Assert.True(options["stroke"]!["dashArray"]![1]!.GetValue<int>() > 0);
        // September and November have no neighbour across October's gap: each is also a dot.
        Assert.Equal("scatter", (string?)series[2]!["type"]);
        Assert.Equal([97.5m, null, 98.2m], Data(series[2]!).Select(d => d["y"]?.GetValue<decimal>()));

        Assert.Equal("img", cut.Find(".trend-chart").GetAttribute("role"));
        Assert.Equal("Xu hướng mức độ hài lòng", cut.Find(".trend-chart").GetAttribute("aria-label"));
        Assert.Equal(["Mức độ hài lòng", "Chỉ tiêu: ≥ 98%"], cut.FindAll("[data-role=trend-legend] li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public void A_target_that_differs_by_period_is_drawn_per_period()
    {
        // 24 articles a year: 2 in a 30-day month, 3 in a 31-day one once pro-rated (Figure.Target).
        RenderChart([Point("T11/26", 1, target: 2), Point("T12/26", 4, target: 3)], yMax: null);

        var target = Calls("initialize")[0]["series"]![1]!;
        Assert.Equal([2m, 3m], Data(target).Select(d => d["y"]!.GetValue<decimal>()));
        Assert.Equal("Chỉ tiêu: ≥ 2%", (string?)Data(target)[0]["label"]);
    }

    [Fact]
    public void A_value_with_no_neighbour_is_drawn_as_a_dot()
    {
        // apexcharts 4.7 draws nothing for a lone last value after gaps: the page showed an empty chart for 66,67%.
        RenderChart([Point("T9/26", null, null), Point("T10/26", null, null), Point("T11/26", 66.67m, null)], yMax: 100);

        var options = Calls("initialize")[0];
        var series = options["series"]!.AsArray();
        Assert.Equal(2, series.Count);
        Assert.Equal("scatter", (string?)series[1]!["type"]);
        Assert.Equal([null, null, 66.67m], Data(series[1]!).Select(d => d["y"]?.GetValue<decimal>()));
        Assert.True(options["markers"]!["size"]![1]!.GetValue<int>() > 0);
    }

    [Fact]
    public void Values_joined_by_a_line_need_no_dots()
    {
        RenderChart([Point("T10/26", 97m, null), Point("T11/26", 98m, null)]);

        Assert.Single(Calls("initialize")[0]["series"]!.AsArray());
    }

    [Theory]
    // low, high, target, ceiling → the axis expected, worked out by hand: steps of 1, 2, 5, 10, 20… at least an eighth
    // of the range, whole ticks, a step of room when a value sits on the edge, never above the ceiling.
    [InlineData(97.5, 98.2, 98, 100.0, 97, 99, 2)]
    [InlineData(85, 99.4, 98, 100.0, 84, 100, 8)]
    [InlineData(0, 100, 98, 100.0, 0, 100, 5)]
    [InlineData(3.25, 7.5, 5, null, 3, 8, 5)]
    [InlineData(1.2, 1.6, 5, 100.0, 1, 6, 5)]
    [InlineData(1200, 48_000, 30_000, null, 0, 50_000, 5)]
    public void The_y_axis_follows_the_values_and_the_target_with_whole_ticks(double low, double high, double target, double? yMax,
        double min, double max, int ticks)
    {
        RenderChart([Point("T1/26", (decimal)low, (decimal)target), Point("T2/26", (decimal)high, (decimal)target)], (decimal?)yMax);

        var yaxis = Assert.Single(Calls("initialize"))["yaxis"]!;
        Assert.Equal((decimal)min, yaxis["min"]!.GetValue<decimal>());
        Assert.Equal((decimal)max, yaxis["max"]!.GetValue<decimal>());
        Assert.Equal(ticks, yaxis["tickAmount"]!.GetValue<int>());
    }

    [Fact]
    public void A_single_value_gets_room_around_it()
    {
        RenderChart([Point("T11/26", 50m, null)], yMax: null);

        var yaxis = Calls("initialize")[0]["yaxis"]!;
        // One value of 50: a step of 5 (a tenth of it), one step below and above.
        Assert.Equal(45m, yaxis["min"]!.GetValue<decimal>());
        Assert.Equal(55m, yaxis["max"]!.GetValue<decimal>());
    }

    [Fact]
    public void A_ranking_reads_in_bands_on_the_y_axis()
    {
        string[] bands = ["", "Yếu", "Trung bình", "Khá", "Tốt", "Xuất sắc"];
        RenderChart([Point("2025", 3m, 3m), Point("2026", 4m, 3m)], yMax: null, names: bands);

        var yaxis = Calls("initialize")[0]["yaxis"]!;
        Assert.Equal(bands, yaxis["labels"]!["names"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(1m, yaxis["min"]!.GetValue<decimal>());
        Assert.Equal(5m, yaxis["max"]!.GetValue<decimal>());
        Assert.Equal(4, yaxis["tickAmount"]!.GetValue<int>());
    }

    [Fact]
    public void No_value_at_all_says_so_instead_of_drawing_an_empty_frame()
    {
        var cut = RenderChart([Point("T10/26", null), Point("T11/26", null)]);

        Assert.Equal("Chưa có dữ liệu trong 12 kỳ gần nhất.", cut.Find("[data-role=trend-empty]").TextContent.Trim());
        Assert.Empty(cut.FindAll(".trend-chart"));
        Assert.Empty(Calls("initialize"));
    }

    [Fact]
    public void New_points_update_the_chart_in_place()
    {
        var cut = RenderChart([Point("T9/26", 97.5m), Point("T10/26", 98m), Point("T11/26", 98.2m)]);

        cut.Render(p => p.Add(x => x.Points, [Point("T9/26", 97.5m), Point("T10/26", 98.6m), Point("T11/26", 98.2m)]));

        Assert.Single(Calls("initialize"));
        var update = Assert.Single(Calls("update"));
        Assert.False(update.ContainsKey("options"));
        Assert.Equal(98.6m, update["series"]![0]!["data"]![1]!["y"]!.GetValue<decimal>());

        // A new list with the same points is not a change.
        cut.Render(p => p.Add(x => x.Points, [Point("T9/26", 97.5m), Point("T10/26", 98.6m), Point("T11/26", 98.2m)]));
        Assert.Single(Calls("update"));

        cut.Render(p => p.Add(x => x.Points, [Point("T9/26", 97.5m, 99), Point("T10/26", 98.6m, 99), Point("T11/26", 98.2m, 99)]));
        var target = Calls("update")[1];
        Assert.Equal(99m, target["series"]![1]!["data"]![0]!["y"]!.GetValue<decimal>());
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
