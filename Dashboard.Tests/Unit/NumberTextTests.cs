using Dashboard.Shared.Ingest;

namespace Dashboard.Tests.Unit;

/// <summary>The one reading of numbers typed as text (files, JSON strings, the manual form): vi-VN first, never a guess.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("900.000", "900000")]
    [InlineData("1.250", "1250")]
    [InlineData("1.250,5", "1250.5")]
    [InlineData("97,5", "97.5")]
    [InlineData("1,25", "1.25")]
    [InlineData("1.250.000.000", "1250000000")]
    [InlineData("1250000000", "1250000000")]
    [InlineData("1.000.000,75", "1000000.75")]
    [InlineData("1.000,500", "1000.5")]
    [InlineData("1234,567", "1234.567")]
    [InlineData("0,250", "0.25")]
    [InlineData("0,5", "0.5")]
    [InlineData("0.951", "0.951")]     // a ratio from a machine: no grouping starts with 0
    [InlineData("0.5", "0.5")]
    [InlineData("0", "0")]
    [InlineData("007", "7")]
    [InlineData("-5", "-5")]
    [InlineData("-1.250,5", "-1250.5")]
    [InlineData("  97,5 ", "97.5")]
    public void Vietnamese_numbers_and_plain_digits_are_read(string text, string expected)
    {
        Assert.True(NumberText.TryParse(text, out var value, out var error), error);
        Assert.Null(error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1.25", "1,25")]                // '.' groups thousands in vi-VN: a '.' decimal above 1 is not guessed
    [InlineData("97.25", "97,25")]
    [InlineData("1234.5", "1.234,5")]
    [InlineData("1,250", "1250")]               // 1,25 in vi-VN, 1250 in en-US: both readings are named
    [InlineData("1,250", "1,25")]
    [InlineData("12,500", "12500")]
    [InlineData("1,250,000", "1.250.000")]      // en-US grouping
    [InlineData("1,250.5", "1.250,5")]          // en-US
    [InlineData("900 000", "900.000")]          // spaces are not a group separator here
    [InlineData("1e6", "lũy thừa")]
    [InlineData("1.5E+3", "lũy thừa")]
    [InlineData("1.000 ₫", "₫")]
    [InlineData("95%", "%")]
    [InlineData("1.25.000", "3 chữ số")]        // a group after a '.' must have three digits
    [InlineData("12.3456", "12,3456")]
    public void Text_that_could_be_read_two_ways_or_is_not_a_plain_number_is_refused_with_advice(string text, string advice)
    {
        Assert.False(NumberText.TryParse(text, out _, out var error));
        Assert.NotNull(error);
        Assert.Contains(advice, error);
        Assert.Contains(text.Trim(), error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData(",5")]
    [InlineData("5,")]
    [InlineData("1,2,3")]
    [InlineData("1.2.3")]
    [InlineData("+5")]
    [InlineData("--5")]
    [InlineData("1,5,0")]
    [InlineData("79228162514264337593543950336")] // one more than decimal holds
    public void Other_text_is_refused(string text)
    {
        Assert.False(NumberText.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_huge_bad_value_is_quoted_as_a_short_excerpt()
    {
        var text = new string('9', 1_000_000) + "x";
        Assert.False(NumberText.TryParse(text, out _, out var error));
        Assert.True(error!.Length < 300, $"{error.Length} characters");
        Assert.Contains("…", error);
    }

    [Theory]
    [InlineData("1250000.5", "1.250.000,5")]
    [InlineData("900000", "900.000")]
    [InlineData("0.25", "0,25")]
    [InlineData("-5", "-5")]
    [InlineData("1250000000", "1.250.000.000")]
    public void Numbers_are_written_in_vi_VN(string value, string expected) =>
        Assert.Equal(expected, NumberText.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1250000.5")]
    [InlineData("900000")]
    [InlineData("97.5")]
    [InlineData("0.951")]
    [InlineData("1234567890.1234")]
    public void What_format_writes_reads_back_as_the_same_number(string value)
    {
        var number = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(NumberText.TryParse(NumberText.Format(number), out var back, out var error), error);
        Assert.Equal(number, back);
    }
}
