using System.Globalization;
using System.Text.Json;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;

namespace Dashboard.Tests.Unit;

/// <summary>
/// Dates read and written digit by digit, for speed, must agree with the format strings they replace: a row's dates as
/// <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, DateTimeStyles, out DateTime)"/> reads them, and the
/// stored text as <see cref="DateTime.ToString(string, IFormatProvider)"/> writes it and <see cref="DateTimeOffset.Parse(string, IFormatProvider, DateTimeStyles)"/> reads it.
/// </summary>
public sealed class RecordDatesTests
{
    private static readonly UnitDirectory Units = UnitDirectory.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json"));

    private static readonly string[] DayFirstDates = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];
    private static readonly string[] DayFirstTimes =
        ["dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly string[] MonthFirstDates = ["MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd"];
    private static readonly string[] MonthFirstTimes =
        ["MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>Every combination of one- and two-digit parts, impossible days and hours, and the separators exports use.</summary>
    public static TheoryData<bool> Orders => new() { false, true };

    private static IEnumerable<string> Texts()
    {
        string[] firsts = ["1", "01", "7", "07", "12", "13", "27", "29", "30", "31", "00", "32", "001"];
        string[] seconds = ["1", "01", "2", "02", "11", "12", "13", "0", "31"];
        string[] years = ["2026", "2028", "2027", "1999", "2101", "02026", "26", "0000"];
        string[] times = ["", " 8:30", " 08:30", " 08:30:15", " 23:59:59", " 24:00", " 8:60", " 08:30:60", "T08:30", " 8:30:5", " 0:00", "  08:30", " 08:30 ", " 8:5"];
        foreach (var a in firsts)
            foreach (var b in seconds)
                foreach (var y in years)
                    foreach (var t in times)
                    {
                        yield return $"{a}/{b}/{y}{t}";
                        yield return $"{y}-{b}-{a}{t}";
                    }
        yield return "2026-11-27T08:30:00";
        yield return "2026-11-27 8:30";
        yield return "2026/11/27";
        yield return "27-11-2026";
        yield return "٢٧/١١/٢٠٢٦";
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void A_rows_dates_are_read_as_the_formats_read_them(bool monthFirst)
    {
        var limits = new Dashboard.Shared.Ingest.IngestLimits();
        var mismatches = new List<string>();
        foreach (var text in Texts())
        {
            var cells = new Dictionary<string, string?>
            {
                ["ma_ho_so"] = "HS-1", ["ma_thu_tuc"] = "1.001612", ["ngay_nhan"] = text, ["han_tra"] = "31/12/2100", ["kenh"] = "truc-tiep",
            };
            var (record, problems) = RecordParser.Parse(RecordKinds.Dossier, 2, cells.GetValueOrDefault, "que-minh", Units, limits,
                monthFirst: field => monthFirst && field == "ngay_nhan");
            var stored = record is null ? null : JsonDocument.Parse(record.DataJson).RootElement.GetProperty("ngay_nhan").GetString();

            string? expected = null;
            var trimmed = text.Trim();
            if (DateTime.TryParseExact(trimmed, monthFirst ? MonthFirstDates : DayFirstDates, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                expected = limits.Contains(DateOnly.FromDateTime(day)) ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            else if (DateTime.TryParseExact(trimmed, monthFirst ? MonthFirstTimes : DayFirstTimes, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                expected = limits.Contains(DateOnly.FromDateTime(local))
                    ? new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                    : null;
            else if (trimmed.Contains('T') && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
                // An ISO time with or without an offset, read by the general parser (not one of the shapes read digit by digit).
                expected = limits.Contains(DateOnly.FromDateTime(VietnamTime.ToLocal(withOffset).DateTime))
                    ? withOffset.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                    : null;

            if (stored != expected) mismatches.Add($"'{text}': stored {stored ?? "nothing"}, formats {expected ?? "nothing"}");
            if (expected is null && !problems.Any(p => p.Field == "ngay_nhan")) mismatches.Add($"'{text}': no problem named ngay_nhan");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Stored_dates_are_written_and_read_as_the_format_strings_do()
    {
        var instants = new[]
        {
            new DateTime(2026, 11, 27, 1, 30, 0, DateTimeKind.Utc), new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc),
            new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2100, 12, 31, 16, 59, 59, DateTimeKind.Utc),
            new DateTime(2028, 2, 29, 9, 5, 7, DateTimeKind.Utc), new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(999, 3, 4, 5, 6, 7, DateTimeKind.Utc),
        };
        foreach (var at in instants)
        {
            var instant = StoredDates.Instant(at);
            Assert.Equal(at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), instant);
            Assert.Equal(at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StoredDates.Day(at));
            Assert.True(StoredDates.TryReadInstant(instant, out var read));
            Assert.Equal(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), new DateTimeOffset(read));
            Assert.Equal((DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), false), DeadlineRules.Moment(instant));
        }
    }

    [Theory]
    [InlineData("2026-11-27T01:30:00.5Z")]
    [InlineData("2026-11-27T01:30:00+07:00")]
    [InlineData("2026-11-27T01:30Z")]
    [InlineData("2026-11-27 01:30:00Z")]
    public void Other_iso_instants_are_still_read_by_the_format_parser(string text)
    {
        Assert.False(StoredDates.TryReadInstant(text, out _));
        Assert.Equal((DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), false), DeadlineRules.Moment(text));
    }

    [Theory]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-1-01")]
    [InlineData("0000-01-01")]
    [InlineData("2026-11-27T24:00:00Z")]
    [InlineData("2026-11-27T23:60:00Z")]
    public void Impossible_stored_dates_are_not_read_as_days_or_instants(string text)
    {
        Assert.False(StoredDates.TryReadDay(text, out _));
        Assert.False(StoredDates.TryReadInstant(text, out _));
    }
}
