using System.Text.Json.Nodes;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Scoring;

namespace Dashboard.Tests.Unit;

/// <summary>
/// A rubric's code names it in addresses (<c>/export/scores/{code}.xlsx</c>), file names and the database: only a safe
/// kebab-case code is taken, and a bad one is refused naming the field, whatever the file's other merits.
/// </summary>
public sealed class RubricCodeTests
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");

    private static JsonObject Example() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Seeds, "rubrics", "par-xa-vi-du-2023.json")))!.AsObject();

    [Theory]
    [InlineData("../../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("Quang-Nam")]
    [InlineData("quang nam")]
    [InlineData("-quang-nam")]
    [InlineData("quang--nam")]
    [InlineData("quang-nam-")]
    [InlineData("quảng-nam")]
    [InlineData("quang-nam.json")]
    [InlineData("%2e%2e")]
    public void A_rubric_code_that_is_not_kebab_case_is_refused_naming_the_field(string code)
    {
        var rubric = Example();
        rubric["code"] = code;
        var ex = Assert.Throws<CatalogException>(() => RubricLoader.Parse(rubric.ToJsonString(), "tinh.json"));
        Assert.Equal(("tinh.json", "code"), (ex.File, ex.Field));
        Assert.Contains("kebab-case", ex.Message);
    }

    [Fact]
    public void A_very_long_code_is_refused_and_echoed_short()
    {
        var rubric = Example();
        rubric["code"] = new string('a', 300);
        var ex = Assert.Throws<CatalogException>(() => RubricLoader.Parse(rubric.ToJsonString(), "tinh.json"));
        Assert.Equal("code", ex.Field);
        Assert.True(ex.Message.Length < 400, ex.Message);
    }

    [Theory]
    [InlineData("bands", "code", "Xuat Sac")]
    [InlineData("groups", "code", "TTHC/../x")]
    public void Band_group_and_criterion_codes_are_safe_too(string list, string field, string code)
    {
        var rubric = Example();
        rubric[list]![0]![field] = code;
        var ex = Assert.Throws<CatalogException>(() => RubricLoader.Parse(rubric.ToJsonString(), "tinh.json"));
        Assert.EndsWith("code", ex.Field);
    }

    [Fact]
    public void The_criteria_codes_of_the_shipped_files_and_a_plain_province_code_are_taken()
    {
        var rubric = Example();
        rubric["code"] = "quang-nam-xa-2026";
        Assert.Equal("quang-nam-xa-2026", RubricLoader.Parse(rubric.ToJsonString(), "tinh.json").Code);
        foreach (var file in Directory.GetFiles(Path.Combine(Seeds, "rubrics"), "*.json"))
            RubricLoader.LoadFile(file);
    }
}
