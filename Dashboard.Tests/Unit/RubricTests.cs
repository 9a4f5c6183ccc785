using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;

namespace Dashboard.Tests.Unit;

public sealed class RubricTests
{
    private static readonly string Path766 = Path.Combine(AppContext.BaseDirectory, "seeds", "rubrics", "qd-766-2022.json");

    [Fact]
    public void The_decision_766_rubric_has_six_groups_and_one_hundred_points()
    {
        var rubric = RubricLoader.LoadFile(Path766);

        Assert.Equal(100, rubric.MaxPoints);
        Assert.Equal(["CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"], rubric.Groups.Select(g => g.Code));
        Assert.Equal([18m, 20m, 12m, 10m, 22m, 18m], rubric.Groups.Select(g => g.MaxPoints));
        Assert.False(rubric.Example);
        // Every commune-scope criterion that names a KPI names one the catalog has.
        var catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
        Assert.All(rubric.Criteria.Where(c => c.Kpi is not null), c => Assert.NotNull(catalog.Find(c.Kpi!)));
        Assert.Equal("Khá", rubric.BandOf(70).Name.Vi);
        Assert.Equal("Trung bình", rubric.BandOf(69.99m).Name.Vi);
    }

    [Theory]
    // TDGQ: 20 × on-time share.
    [InlineData("rate", null, null, null, 20, "95", "19")]
    [InlineData("rate", null, null, null, 20, "100", "20")]
    // Online payment: full 6 points at 80 %.
    [InlineData("full-at", "80", null, null, 6, "80", "6")]
    [InlineData("full-at", "80", null, null, 6, "40", "3")]
    [InlineData("full-at", "80", null, null, 6, "95", "6")]
    // SIPAS: full at 90 %.
    [InlineData("full-at", "90", null, null, 6, "85.5", "5.7")]
    // Proportional between a floor and the target.
    [InlineData("between", null, "50", "100", 10, "50", "0")]
    [InlineData("between", null, "50", "100", 10, "75", "5")]
    [InlineData("between", null, "50", "100", 10, "100", "10")]
    [InlineData("tracked", null, null, null, 0, "60", "0")]
    public void A_rate_becomes_points_by_the_criterion_rule(string type, string? threshold, string? floor, string? target, int max, string rate, string points)
    {
        static decimal? D(string? s) => s is null ? null : decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var rule = new ScoringRule(Enum.Parse<RuleType>(type.Replace("-", ""), ignoreCase: true), D(threshold), D(floor), D(target));
        Assert.Equal(D(points), rule.Points(max, D(rate)));
    }

    [Theory]
    // Breaches counted against "none allowed", headcount against its quota: full points or nothing.
    [InlineData("0", "0", "3")]
    [InlineData("0", "1", "0")]
    [InlineData("100", "100", "4")]
    [InlineData("100", "100.5", "0")]
    public void At_most_gives_full_points_up_to_the_threshold(string threshold, string value, string points) =>
        Assert.Equal(decimal.Parse(points, CultureInfo.InvariantCulture),
            new ScoringRule(RuleType.AtMost, decimal.Parse(threshold, CultureInfo.InvariantCulture))
                .Points(points == "4" ? 4 : 3, decimal.Parse(value, CultureInfo.InvariantCulture)));

    [Fact]
    public void The_example_par_rubric_loads_and_is_labelled_as_an_example()
    {
        var catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
        var rubric = RubricLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "rubrics", "par-xa-vi-du-2023.json"),
            k => catalog.Find(k) is not null);
        Assert.True(rubric.Example);
        Assert.Equal(100, rubric.Groups.Sum(g => g.MaxPoints));
        Assert.Contains("ví dụ", rubric.Name.Vi);
        Assert.All(rubric.Criteria, c => Assert.Equal(CriterionScope.Commune, c.Scope));
    }

    [Theory]
    // "Trễ hạn dưới 5%" (PAR TTHC-5: between 80 and 95% on time, 6 points): exactly 5% late (95% on time) is not under 5%,
    // so it falls one hundredth short of full: 6 − 0,01 = 5,99. Just over 95% on time earns the 6.
    [InlineData("between", null, "80", "95", 6, "95", "5.99")]
    [InlineData("between", null, "80", "95", 6, "95.5", "6")]
    // Below the target the proportional part is unchanged: (87,5 − 80) / 15 × 6 = 3.
    [InlineData("between", null, "80", "95", 6, "87.5", "3")]
    // "SIPAS trên 90%" (PAR SHL-1: full at 90, 20 points): exactly 90 is not over 90 → 19,99; 90,1 → 20; 45 → 20 × 45/90 = 10.
    [InlineData("full-at", "90", null, null, 20, "90", "19.99")]
    [InlineData("full-at", "90", null, null, 20, "90.1", "20")]
    [InlineData("full-at", "90", null, null, 20, "45", "10")]
    // "Dưới" a quota: at the quota is not under it.
    [InlineData("at-most", "100", null, null, 4, "100", "0")]
    [InlineData("at-most", "100", null, null, 4, "99", "4")]
    public void A_strict_target_must_be_passed_not_reached(string type, string? threshold, string? floor, string? target, int max, string rate, string points)
    {
        static decimal? D(string? s) => s is null ? null : decimal.Parse(s, CultureInfo.InvariantCulture);
        var rule = new ScoringRule(Enum.Parse<RuleType>(type.Replace("-", ""), ignoreCase: true), D(threshold), D(floor), D(target), Strict: true);
        Assert.Equal(D(points), rule.Points(max, D(rate)));
    }

    [Fact]
    public void The_shipped_rubrics_mark_under_and_over_targets_strict_and_leave_the_unmeasured_criterion_unmeasured()
    {
        var par = RubricLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "rubrics", "par-xa-vi-du-2023.json"));
        // TTHC-5 "trễ hạn dưới 5%" and SHL-1 "trên 90%" are the strict ones; "mục tiêu 35%" (TTHC-8) is reached at 35.
        Assert.Equal(["SHL-1", "TTHC-5"], par.Criteria.Where(c => c.Rule.Strict).Select(c => c.Code).Order());
        var rubric766 = RubricLoader.LoadFile(Path766);
        Assert.DoesNotContain(rubric766.Criteria, c => c.Rule.Strict);
        // CKMB-4 (dossiers synchronised with the national portal) has no measure: it is never fed by another figure.
        var ckmb4 = rubric766.Criteria.Single(c => c.Code == "CKMB-4");
        Assert.Null(ckmb4.Kpi);
        Assert.Null(ckmb4.Measure);
    }

    [Fact]
    public void No_data_earns_no_data_not_zero() => Assert.Null(new ScoringRule(RuleType.Rate).Points(20, null));

    public static TheoryData<string, string, string?, string> Broken() => new()
    {
        { "groups[1].criteria[0].rule.type", "\"percent\"", "TDGQ-1", "rule.type" },
        { "groups[3].criteria[2].rule.threshold", "120", "TTTT-3", "rule.threshold" },
        { "groups[0].criteria[0].scope", "\"district\"", "CKMB-1", "scope" },
        { "groups[0].criteria[0].maxPoints", "5", "CKMB", "maxPoints" },
        { "groups[0].maxPoints", "17", "CKMB", "maxPoints" },
        { "groups[1].criteria[0].code", "\"CKMB-1\"", "CKMB-1", "code" },
        { "groups[1].criteria[0].name", "{ \"vi\": \"Tiến độ\" }", "TDGQ-1", "name" },
        { "bands[4].min", "10", "qd-766-2022", "bands" },
        { "groups[1].criteria[0].measure", "\"dossiers-on-tme\"", "TDGQ-1", "measure" },
        { "groups[5].criteria[0].whenNoData", "\"share\"", "MDHL-1", "whenNoData" },
        { "groups[0].criteria[2].kpi", "\"tthc-niem-yet-sai\"", "CKMB-3", "kpi" },
        // "strict" only means something for a rule with a threshold.
        { "groups[1].criteria[0].rule.strict", "true", "TDGQ-1", "rule.strict" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_bad_rubric_is_rejected_naming_the_criterion_and_the_field(string path, string value, string? item, string field)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path766))!;
        JsonNode parent = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1]) parent = Step(parent, part);
        parent.AsObject()[parts[^1]] = JsonNode.Parse(value);

        var catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
        var ex = Assert.Throws<CatalogException>(() =>
            RubricLoader.Parse(root.ToJsonString(), "tinh-quang-nam-2026.json", k => catalog.Find(k) is not null));

        Assert.Equal("tinh-quang-nam-2026.json", ex.File);
        Assert.Equal(item, ex.Item);
        Assert.Equal(field, ex.Field);
        Assert.Contains("tinh-quang-nam-2026.json", ex.Message);
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[');
        return bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1])]!;
    }
}
