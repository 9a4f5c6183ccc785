using System.Text.Json;
using Dashboard.Shared.Engine.Records;

namespace Dashboard.Tests.Unit;

/// <summary>
/// Stored records are read into facts in one pass of a JSON reader rather than through a JsonDocument: what JsonDocument
/// read (or refused) must read (or be refused) the same, whatever an older version or another tool stored.
/// </summary>
public sealed class RecordFactReaderTests
{
    private const string Dates = "\"ngay_nhan\":\"2026-11-02T01:30:00Z\",\"han_tra\":\"2026-11-05\"";

    private static DossierFact Dossier(string fields) => Assert.IsType<DossierFact>(RecordFactReader.Read("dossier", "HS-1", "{" + fields + "}"));

    [Fact]
    public void A_field_written_twice_counts_as_written_last()
    {
        Assert.Equal("b", Dossier($"\"co_quan\":\"a\",{Dates},\"co_quan\":\"b\"").Agency);
    }

    [Fact]
    public void Escaped_names_and_text_are_read_and_values_of_another_type_are_absent()
    {
        var dossier = Dossier($"\"co\\u005fquan\":\"Ph\\u00f2ng \\\"T\\u01b0 ph\\u00e1p\\\"\",{Dates},\"kenh\":5,\"ngay_tra\":null,\"thu_xin_loi\":\"true\",\"ma_thu_tuc\":{{\"x\":[1,{{}}]}}");

        Assert.Equal("Phòng \"Tư pháp\"", dossier.Agency);
        Assert.Equal((Channel.InPerson, long.MaxValue, false, ""), (dossier.Channel, dossier.Finished, dossier.Apology, dossier.Procedure));
    }

    [Fact]
    public void Other_fields_are_skipped_whatever_they_hold()
    {
        var dossier = Dossier($"\"ghi_chu\":{{\"a\":[1,2,{{\"b\":null}}]}},\"muc_hai_long\":1e400,{Dates},\"so_hoa_ket_qua\":true");

        Assert.True(dossier.DigitizedResult);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.Zero).UtcTicks, dossier.Received);
    }

    [Fact]
    public void A_number_no_decimal_holds_makes_the_record_unreadable_only_where_a_fact_reads_it()
    {
        Assert.Throws<FormatException>(() => RecordFactReader.Read("feedback", "PA-1", $"{{{Dates.Replace("han_tra", "han_xu_ly")},\"muc_hai_long\":1e400}}"));
        var feedback = Assert.IsType<FeedbackFact>(RecordFactReader.Read("feedback", "PA-1", $"{{{Dates.Replace("han_tra", "han_xu_ly")},\"muc_hai_long\":85.50}}"));
        Assert.Equal(85.50m, feedback.Satisfaction);
    }

    [Fact]
    public void A_procedure_without_the_one_stop_field_is_not_counted_and_one_with_null_is_not_at_the_desk()
    {
        Assert.Null(Assert.IsType<ProcedureFact>(RecordFactReader.Read("procedure", "1.1", """{"ten_thu_tuc":"A"}""")).ReceivedAtOneStop);
        Assert.False(Assert.IsType<ProcedureFact>(RecordFactReader.Read("procedure", "1.1", """{"tiep_nhan_mot_cua":null}""")).ReceivedAtOneStop);
        Assert.True(Assert.IsType<ProcedureFact>(RecordFactReader.Read("procedure", "1.1", """{"tiep_nhan_mot_cua":true}""")).ReceivedAtOneStop);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"co_quan\":\"a\"} x")]
    [InlineData("{\"co_quan\":\"a\",}")]
    [InlineData("{\"co_quan\":/* c */\"a\"}")]
    [InlineData("{\"co_quan\":\"a\"")]
    public void Text_that_is_not_one_json_object_cannot_be_read(string json)
    {
        Assert.ThrowsAny<Exception>(() => RecordFactReader.Read("dossier", "HS-1", json));
    }

    [Fact]
    public void Text_that_is_not_valid_utf16_cannot_be_read()
    {
        Assert.ThrowsAny<Exception>(() => RecordFactReader.Read("dossier", "HS-1", "{\"co_quan\":\"\ud800\"}"));
    }

    [Fact]
    public void A_kind_the_reader_does_not_know_has_no_fact_but_its_json_must_still_be_json()
    {
        Assert.Null(RecordFactReader.Read("other", "X", "[1, 2]"));
        Assert.ThrowsAny<JsonException>(() => RecordFactReader.Read("other", "X", "[1, 2"));
    }
}
