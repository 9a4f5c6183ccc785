using System.Globalization;
using Bunit;
using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;
using Dashboard.Web.Components.Kpis;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The note under a unit's name: what a merged commune became, and whose records a successor's figures include.</summary>
public sealed class UnitMergeNoteTests : BunitContext
{
    private readonly TestClock _clock = new(ticking: false);
    private readonly UnitDirectory _units;

    public UnitMergeNoteTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
        _units = UnitDirectory.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json")).WithClock(_clock);
        var merged = UnitChanges.Merge(_units, ["que-minh", "que-an"], "que-son-trung", "que-son",
            new("Xã Quế Sơn Trung", "Que Son Trung Commune"), new DateOnly(2025, 7, 1));
        _units.Replace(merged.Spans!);
        Services.AddLocalization();
        Services.AddSingleton(_units);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _clock.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void A_merged_commune_says_what_it_became_and_from_when_with_a_link()
    {
        var cut = Render<UnitMergeNote>(p => p.Add(x => x.Unit, _units.Find("que-an")!));
        Assert.Contains("Xã Quế An đã sáp nhập vào Xã Quế Sơn Trung từ 01/07/2025", cut.Find("[data-role='merged-into']").TextContent);
        Assert.Equal("/?unit=que-son-trung", cut.Find("[data-role='merged-into'] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-role='formed-from']"));
    }

    [Fact]
    public void A_successor_names_the_communes_whose_records_it_counts_and_others_say_nothing()
    {
        var successor = Render<UnitMergeNote>(p => p.Add(x => x.Unit, _units.Find("que-son-trung")!));
        Assert.Equal("Số liệu của Xã Quế Sơn Trung gồm cả bản ghi và số liệu của Xã Quế Minh, Xã Quế An.",
            successor.Find("[data-role='formed-from']").TextContent.Trim());
        var other = Render<UnitMergeNote>(p => p.Add(x => x.Unit, _units.Find("que-long")!));
        Assert.Equal("", other.Markup.Trim());
    }
}
