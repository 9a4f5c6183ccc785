using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Unit;

/// <summary>The map of units at a date, and the rules an administrator's change must pass.</summary>
public sealed class UnitDirectoryTests : IDisposable
{
    private static readonly DateOnly Merger = new(2025, 7, 1);
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");

    // Today in Vietnam is 27/11/2026 on this clock, after the merger.
    private readonly TestClock _clock = new(ticking: false);

    public void Dispose() => _clock.Dispose();

    private UnitDirectory Shipped() => UnitDirectory.LoadFile(Path.Combine(Seeds, "units.json")).WithClock(_clock);

    private static LocalizedText Name(string vi) => new(vi, vi + " (en)");

    /// <summary>Quế Minh and Quế An merged into Quế Sơn Trung on 1/7/2025.</summary>
    private UnitDirectory Merged()
    {
        var map = Shipped();
        var result = UnitChanges.Merge(map, ["que-minh", "que-an"], "que-son-trung", "que-son", Name("Xã Quế Sơn Trung"), Merger);
        Assert.True(result.Ok, result.Problem?.ToString());
        map.Replace(result.Spans!);
        return map;
    }

    [Fact]
    public void A_merger_retires_the_predecessors_on_its_day_and_the_successor_takes_their_place()
    {
        var map = Merged();
        Assert.Contains(map.At(Merger.AddDays(-1)), u => u.Code == "que-minh");
        Assert.DoesNotContain(map.At(Merger.AddDays(-1)), u => u.Code == "que-son-trung");
        Assert.DoesNotContain(map.At(Merger), u => u.Code == "que-minh");
        Assert.Contains(map.At(Merger), u => u.Code == "que-son-trung");
        // Today's map (the existing API) has the successor only.
        Assert.DoesNotContain(map.All, u => u.Code == "que-an");
        Assert.Contains(map.Communes, u => u.Code == "que-son-trung");
        // A predecessor is still found, under its own name, with its successor and the day.
        Assert.Equal("Xã Quế An", map.Find("que-an")!.Name.Vi);
        var (successor, on) = map.SuccessorOf("que-an")!.Value;
        Assert.Equal(("que-son-trung", Merger), (successor.Code, on));
        Assert.Null(map.SuccessorOf("que-long"));
        Assert.Equal(["que-minh", "que-an"], map.Predecessors("que-son-trung").Order().Reverse());
    }

    [Fact]
    public void Siblings_are_those_under_the_same_parent_on_the_periods_day()
    {
        var map = Merged();
        Assert.Equal(["que-an", "que-chau", "que-long", "que-minh", "que-phong", "que-thuan"],
            map.Siblings("que-minh", new DateOnly(2025, 6, 30)).Select(u => u.Code).Order());
        Assert.Equal(["que-chau", "que-long", "que-phong", "que-son-trung", "que-thuan"],
            map.Siblings("que-long", new DateOnly(2025, 7, 1)).Select(u => u.Code).Order());
        // Asked about after it was merged, a predecessor is ranked with those it last stood among.
        Assert.Contains(map.Siblings("que-minh", new DateOnly(2026, 1, 31)), u => u.Code == "que-minh");
    }

    [Fact]
    public void Predecessors_are_followed_through_one_merger_after_another()
    {
        var map = Merged();
        var second = UnitChanges.Merge(map, ["que-son-trung", "que-long"], "que-son-moi", "que-son", Name("Xã Quế Sơn Mới"), new DateOnly(2026, 1, 1));
        Assert.True(second.Ok, second.Problem?.ToString());
        map.Replace(second.Spans!);
        Assert.Equal(["que-an", "que-long", "que-minh", "que-son-trung"], map.Predecessors("que-son-moi").Order());
        Assert.Equal("que-son-moi", map.SuccessorOf("que-son-trung")!.Value.Successor.Code);
    }

    [Fact]
    public void A_two_level_map_ranks_the_communes_of_the_province_and_districts_can_be_abolished()
    {
        // 1/7/2025: the communes move to the new province of Đà Nẵng, the district is retired.
        var map = Shipped();
        var on = Merger;
        Apply(map, UnitChanges.Add(map, "da-nang", UnitKind.Province, null, Name("Thành phố Đà Nẵng"), on));
        foreach (var commune in map.Children("que-son", on).Select(u => u.Code).ToList())
            Apply(map, UnitChanges.Move(map, commune, "da-nang", on));
        Apply(map, UnitChanges.Retire(map, "que-son", on));
        Apply(map, UnitChanges.Retire(map, "quang-nam", on));

        Assert.Equal(["da-nang"], map.At(on).Where(u => u.Kind != UnitKind.Commune).Select(u => u.Code));
        Assert.All(map.Communes, c => Assert.Equal("da-nang", c.Parent));
        Assert.Equal(6, map.Siblings("que-minh", on).Count());
        // The three-level map still answers for the days before.
        Assert.Equal("que-son", map.Find("que-minh", on.AddDays(-1))!.Parent);
        Assert.Equal(6, map.Siblings("que-minh", on.AddDays(-1)).Count());
    }

    [Fact]
    public void Accounts_follow_the_map_a_province_reaches_its_new_communes_and_a_merged_commune_its_successor()
    {
        var map = Merged();
        var on = new DateOnly(2026, 1, 1);
        Apply(map, UnitChanges.Add(map, "da-nang", UnitKind.Province, null, Name("Thành phố Đà Nẵng"), on));
        Apply(map, UnitChanges.Move(map, "que-son-trung", "da-nang", on));
        var access = new Dashboard.Web.Accounts.UnitAccess(map);

        Assert.Contains("que-son-trung", access.Allowed(Account("da-nang")));
        Assert.Contains("que-minh", access.Allowed(Account("da-nang")));
        // The district keeps what was ever below it: its communes' history, and the commune that moved away.
        Assert.Contains("que-son-trung", access.Allowed(Account("que-son")));
        var an = access.Allowed(Account("que-an"));
        Assert.Equal(["que-an", "que-minh", "que-son-trung"], an.Order());
        Assert.DoesNotContain("que-long", an);
        // The home commune, merged since, opens on its successor.
        Assert.Equal("que-son-trung", access.Choose(Account("que-an"), null, "que-minh")!.Code);
    }

    private static System.Security.Claims.ClaimsPrincipal Account(params string[] units) =>
        new(new System.Security.Claims.ClaimsIdentity(units.Select(u => new System.Security.Claims.Claim(Dashboard.Web.Accounts.UnitAccess.ClaimType, u)), "test"));

    [Fact]
    public void Renaming_keeps_the_old_name_for_the_days_before()
    {
        var map = Shipped();
        Apply(map, UnitChanges.Rename(map, "que-long", Name("Xã Quế Long Mới"), new DateOnly(2026, 1, 1)));
        Assert.Equal("Xã Quế Long", map.Find("que-long", new DateOnly(2025, 12, 31))!.Name.Vi);
        Assert.Equal("Xã Quế Long Mới", map.Find("que-long")!.Name.Vi);
        Assert.Single(map.All, u => u.Code == "que-long");
    }

    [Theory]
    [InlineData("Que Minh", UnitChangeError.BadCode)]
    [InlineData("que-an", UnitChangeError.DuplicateCode)]
    public void A_new_units_code_is_kebab_case_and_never_used_before(string code, UnitChangeError error)
    {
        var map = Merged();
        var result = UnitChanges.Add(map, code, UnitKind.Commune, "que-son", Name("Xã Mới"), new DateOnly(2026, 1, 1));
        Assert.Equal(error, result.Problem!.Error);
    }

    [Fact]
    public void Wrong_changes_are_refused_with_what_is_wrong()
    {
        var map = Merged();
        var day = new DateOnly(2026, 1, 1);
        Assert.Equal(UnitChangeError.UnknownParent, UnitChanges.Add(map, "que-moi", UnitKind.Commune, "khong-co", Name("Xã Mới"), day).Problem!.Error);
        Assert.Equal(UnitChangeError.WrongParentKind, UnitChanges.Add(map, "que-moi", UnitKind.District, "que-son", Name("Huyện"), day).Problem!.Error);
        Assert.Equal(UnitChangeError.MissingName, UnitChanges.Add(map, "que-moi", UnitKind.Commune, "que-son", new("", "x"), day).Problem!.Error);
        Assert.Equal(UnitChangeError.Cycle, UnitChanges.Move(map, "quang-nam", "que-son", day).Problem!.Error);
        Assert.Equal(UnitChangeError.HasChildren, UnitChanges.Retire(map, "que-son", day).Problem!.Error);
        var retired = UnitChanges.Merge(map, ["que-an", "que-long"], "que-x", "que-son", Name("Xã X"), day).Problem!;
        Assert.Equal((UnitChangeError.AlreadyRetired, "que-an"), (retired.Error, retired.Unit));
        Assert.Equal(UnitChangeError.TooFewPredecessors, UnitChanges.Merge(map, ["que-long"], "que-x", "que-son", Name("Xã X"), day).Problem!.Error);
        var early = UnitChanges.Merge(map, ["que-son-trung", "que-long"], "que-x", "que-son", Name("Xã X"), new DateOnly(2025, 6, 1)).Problem!;
        Assert.Equal((UnitChangeError.BeforeExisted, "que-son-trung", Merger), (early.Error, early.Unit, early.Since));
        // Nothing was changed by the refusals.
        Assert.Equal(Merged().Spans.Count, map.Spans.Count);
    }

    [Fact]
    public void A_successors_yearly_count_adds_its_predecessors_readings_and_theirs_stay_their_own()
    {
        var catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
        var kpi = catalog.Find("tin-bai-cong-ttdt")!;
        Assert.True(kpi.Target!.PerYear);
        var book = new Dashboard.Shared.Engine.Records.ReadingBook([
            Reading("que-minh", "2026-03", 4), Reading("que-an", "2026-04", 6), Reading("que-son-trung", "2026-08", 5), Reading("que-long", "2026-05", 9),
        ]);
        var successor = Dashboard.Shared.Engine.Records.UnitRecords.Merge("que-son-trung",
            [Dashboard.Shared.Engine.Records.UnitRecords.Empty("que-son-trung"), Dashboard.Shared.Engine.Records.UnitRecords.Empty("que-minh"),
                Dashboard.Shared.Engine.Records.UnitRecords.Empty("que-an")], ["que-minh", "que-an"]);
        var year = Dashboard.Shared.Time.ReportingWindow.Containing(Dashboard.Shared.Time.WindowKind.Year, Dashboard.Shared.Time.CutOff.Calendar,
            new DateOnly(2026, 11, 27));

        Assert.Equal(15m, Dashboard.Shared.Engine.Records.Figures.Of(kpi, successor, book, year, _clock.GetUtcNow()).Value);
        Assert.Equal(4m, Dashboard.Shared.Engine.Records.Figures.Of(kpi, Dashboard.Shared.Engine.Records.UnitRecords.Empty("que-minh"), book, year,
            _clock.GetUtcNow()).Value);
    }

    private static Dashboard.Shared.Store.Reading Reading(string unit, string period, decimal value) => new()
    {
        UnitCode = unit, KpiCode = "tin-bai-cong-ttdt", Period = period, Source = "cong-ttdt", Value = value,
        UpdatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private static void Apply(UnitDirectory map, UnitChanges.Result result)
    {
        Assert.True(result.Ok, result.Problem?.ToString());
        map.Replace(result.Spans!);
    }
}
