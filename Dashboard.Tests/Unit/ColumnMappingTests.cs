using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;

namespace Dashboard.Tests.Unit;

public sealed class ColumnMappingTests
{
    /// <summary>The header of a one-stop package's dossier export, in its own order and words.</summary>
    private static readonly string[] OneStopHeader =
        ["STT", "Ngày tiếp nhận", "Mã hồ sơ", "Hình thức nộp", "Ngày hẹn trả", "Mã thủ tục", "Ngày trả kết quả", "Người nộp"];

    [Fact]
    public void One_stop_headers_are_recognised_whatever_their_case_marks_and_spacing()
    {
        var mapping = ColumnMapping.Recognise(RecordKinds.Dossier, OneStopHeader);

        Assert.Equal("ngay_nhan", mapping.Columns["Ngày tiếp nhận"]);
        Assert.Equal("ma_ho_so", mapping.Columns["Mã hồ sơ"]);
        Assert.Equal("kenh", mapping.Columns["Hình thức nộp"]);
        Assert.Equal("han_tra", mapping.Columns["Ngày hẹn trả"]);
        Assert.Equal("ngay_tra", mapping.Columns["Ngày trả kết quả"]);
        // Columns that hold no field are kept, left out, so a saved mapping knows the whole header.
        Assert.Equal("", mapping.Columns["STT"]);
        Assert.Equal("", mapping.Columns["Người nộp"]);
        Assert.Empty(mapping.Problems(RecordKinds.Dossier));

        Assert.Equal("han_tra", ColumnMapping.FieldFor(RecordKinds.Dossier, "  NGÀY HẸN  TRẢ: "));
        Assert.Equal("han_tra", ColumnMapping.FieldFor(RecordKinds.Dossier, "ngay_hen_tra"));
        Assert.Equal("ma_ho_so", ColumnMapping.FieldFor(RecordKinds.Dossier, "ma_ho_so"));
        Assert.Equal("ma_don_vi", ColumnMapping.FieldFor(RecordKinds.Dossier, "Mã đơn vị"));
        Assert.Null(ColumnMapping.FieldFor(RecordKinds.Dossier, "Người nộp"));
        // A field of another kind is not one of this kind's.
        Assert.Null(ColumnMapping.FieldFor(RecordKinds.Dossier, "Kế hoạch vốn"));
    }

    [Fact]
    public void A_field_named_by_two_columns_is_taken_from_the_first_and_a_missing_required_field_is_named()
    {
        var mapping = ColumnMapping.Recognise(RecordKinds.Dossier, ["Mã hồ sơ", "Số hồ sơ", "Ngày tiếp nhận"]);

        Assert.Equal("ma_ho_so", mapping.Columns["Mã hồ sơ"]);
        Assert.Equal("", mapping.Columns["Số hồ sơ"]);
        var problems = mapping.Problems(RecordKinds.Dossier);
        Assert.Contains(problems, p => p.Contains("'Ngày hẹn trả' (han_tra)") && p.Contains("bắt buộc"));
        Assert.Contains(problems, p => p.Contains("(kenh)"));
        Assert.DoesNotContain(problems, p => p.Contains("(ma_ho_so)"));
    }

    [Fact]
    public void Our_own_column_names_need_no_mapping_and_a_one_stop_header_does()
    {
        var own = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "seeds", "samples", "ho-so.csv")).First().Split(',');

        Assert.True(ColumnMapping.Recognise(RecordKinds.Dossier, own).UsesOwnNames(RecordKinds.Dossier));
        Assert.False(ColumnMapping.Recognise(RecordKinds.Dossier, OneStopHeader).UsesOwnNames(RecordKinds.Dossier));
    }

    [Theory]
    [InlineData(new[] { "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" }, false)]
    [InlineData(new[] { "UBND XÃ QUẾ MINH", "", "", "Tháng 11 năm 2026" }, false)]
    // One recognised cell is not a header: a title may well name a field ("Ngày 30/11/2026").
    [InlineData(new[] { "Mã hồ sơ" }, false)]
    [InlineData(new[] { "STT", "Ngày tiếp nhận", "Mã hồ sơ", "Hình thức nộp", "Ngày hẹn trả", "Mã thủ tục", "Ngày trả kết quả", "Người nộp" }, true)]
    [InlineData(new[] { "STT", "Mã hồ sơ", "Ghi chú", "Người nộp", "Địa chỉ" }, false)]
    [InlineData(new[] { "ma_ho_so", "ma_thu_tuc", "ngay_nhan" }, true)]
    public void The_header_row_is_the_first_where_most_cells_name_a_field(string[] cells, bool header) =>
        Assert.Equal(header, ColumnMapping.LooksLikeHeader(RecordKinds.Dossier, cells));

    [Fact]
    public void A_saved_mapping_makes_its_own_column_names_part_of_a_header()
    {
        var saved = new ColumnMapping(new Dictionary<string, string> { ["Số BN"] = "ma_ho_so", ["Thủ tục"] = "ma_thu_tuc", ["Ghi chú"] = "" },
            new Dictionary<string, AmountUnit>());

        Assert.False(ColumnMapping.LooksLikeHeader(RecordKinds.Dossier, ["Số BN", "Thủ tục", "Ghi chú"]));
        Assert.True(ColumnMapping.LooksLikeHeader(RecordKinds.Dossier, ["Số BN", "Thủ tục", "Ghi chú"], saved));
    }

    [Fact]
    public void A_saved_mapping_fits_the_same_columns_in_any_order_and_no_other_header()
    {
        var saved = ColumnMapping.Recognise(RecordKinds.Dossier, OneStopHeader);

        Assert.True(saved.Matches([.. OneStopHeader.Reverse()]));
        Assert.True(saved.Matches(["stt", "NGÀY TIẾP NHẬN", "Mã hồ sơ", "Hình thức nộp", "Ngày hẹn trả", "Mã thủ tục", "Ngày trả kết quả", "Người nộp", ""]));
        Assert.False(saved.Matches(OneStopHeader[..^1]));
        Assert.False(saved.Matches([.. OneStopHeader, "Ghi chú"]));

        var bound = saved.Bind(["Mã thủ tục", "Mã hồ sơ", "STT"]);
        Assert.Equal(0, bound["ma_thu_tuc"]);
        Assert.Equal(1, bound["ma_ho_so"]);
        Assert.False(bound.ContainsKey("ngay_nhan"));
    }

    [Fact]
    public void A_mapping_is_kept_in_the_feeds_settings_beside_the_other_settings()
    {
        var mapping = new ColumnMapping(
            new Dictionary<string, string> { ["Mã dự án"] = "ma_du_an", ["Kế hoạch vốn (triệu đồng)"] = "ke_hoach_von", ["Ghi chú"] = "" },
            new Dictionary<string, AmountUnit> { ["ke_hoach_von"] = AmountUnit.TrieuDong });

        var settings = mapping.ToSettings("""{ "Note": "xuất hằng tháng" }""", "disbursement");

        Assert.Equal("xuất hằng tháng", JsonNode.Parse(settings)!["Note"]!.GetValue<string>());
        Assert.Contains("\"Kế hoạch vốn (triệu đồng)\":\"ke_hoach_von\"", settings);
        Assert.Contains("\"trieu-dong\"", settings);
        var back = ColumnMapping.FromSettings(settings, "disbursement")!;
        Assert.True(mapping.SameAs(back));
        Assert.Equal(AmountUnit.TrieuDong, back.UnitOf("ke_hoach_von"));
        Assert.Equal(AmountUnit.Dong, back.UnitOf("da_giai_ngan"));
        Assert.Null(ColumnMapping.FromSettings(settings, "dossier"));
        Assert.Null(ColumnMapping.FromSettings("không phải JSON", "dossier"));
        Assert.Null(ColumnMapping.FromSettings("""{ "Mappings": 5 }""", "dossier"));
        Assert.Null(ColumnMapping.FromSettings("""{ "Mappings": { "dossier": [1] } }""", "dossier"));
        Assert.Null(ColumnMapping.FromSettings("[]", "dossier"));
        Assert.False(mapping.SameAs(mapping with { Units = new Dictionary<string, AmountUnit>() }));
    }

    // ---------- amount units ----------

    private static readonly UnitDirectory Units = UnitDirectory.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json"));

    private static (string? Data, List<Dashboard.Jobs.Feeds.RejectedRow> Problems) Disbursement(string plan, string paid, AmountUnit unit, bool typed = false)
    {
        var cells = new Dictionary<string, string>
        {
            ["ma_don_vi"] = "que-minh", ["ma_du_an"] = "DA-01", ["ke_hoach_von"] = plan, ["da_giai_ngan"] = paid, ["ngay"] = "25/11/2026",
        };
        var (record, problems) = RecordParser.Parse(RecordKinds.Disbursement, 5, cells.GetValueOrDefault, null, Units,
            typedNumber: _ => typed, amountFactor: _ => ColumnMapping.Factor(unit));
        return (record?.DataJson, problems);
    }

    [Theory]
    [InlineData("1.250", AmountUnit.Dong, 1250)]
    [InlineData("1.250", AmountUnit.NghinDong, 1_250_000)]
    [InlineData("1.250,5", AmountUnit.TrieuDong, 1_250_500_000)]
    [InlineData("0,75", AmountUnit.TrieuDong, 750_000)]
    public void Amounts_are_stored_in_dong_whatever_unit_the_file_writes(string plan, AmountUnit unit, long dong)
    {
        var (data, problems) = Disbursement(plan, "0", unit);

        Assert.Empty(problems);
        Assert.Equal(dong, JsonNode.Parse(data!)!["ke_hoach_von"]!.GetValue<decimal>());
    }

    [Fact]
    public void A_number_cell_in_million_dong_is_scaled_too_and_the_limit_applies_to_the_dong()
    {
        var (data, _) = Disbursement("1250.5", "1000", AmountUnit.TrieuDong, typed: true);
        Assert.Equal(1_250_500_000m, JsonNode.Parse(data!)!["ke_hoach_von"]!.GetValue<decimal>());

        // 2 billion million đồng is 2 × 10^15 đồng: over the 10^15 đồng a record may hold, though the figure written is small.
        var (_, problems) = Disbursement("2.000.000.000", "0", AmountUnit.TrieuDong);
        var problem = Assert.Single(problems);
        Assert.Equal("ke_hoach_von", problem.Field);
        Assert.Contains("vượt mức tối đa", problem.Reason);
    }

    [Fact]
    public void A_choice_written_as_the_one_stop_software_shows_it_is_read_as_its_code()
    {
        var cells = new Dictionary<string, string>
        {
            ["ma_don_vi"] = "que-minh", ["ma_ho_so"] = "HS-1", ["ma_thu_tuc"] = "1.001612", ["ngay_nhan"] = "02/11/2026",
            ["han_tra"] = "05/11/2026", ["kenh"] = "Trực tuyến toàn trình",
        };
        var (record, problems) = RecordParser.Parse(RecordKinds.Dossier, 3, cells.GetValueOrDefault, null, Units);

        Assert.Empty(problems);
        Assert.Equal("truc-tuyen-toan-trinh", JsonNode.Parse(record!.DataJson)!["kenh"]!.GetValue<string>());
    }

    // ---------- date order ----------

    private static (string? Data, List<Dashboard.Jobs.Feeds.RejectedRow> Problems) Feedback(string received, DateOrder order)
    {
        var cells = new Dictionary<string, string>
        {
            ["ma_don_vi"] = "que-minh", ["ma_phan_anh"] = "PA-1", ["ngay_nhan"] = received, ["han_xu_ly"] = "2026-12-31",
        };
        var (record, problems) = RecordParser.Parse(RecordKinds.Feedback, 4, cells.GetValueOrDefault, null, Units,
            monthFirst: field => field == "ngay_nhan" && order == DateOrder.MonthFirst);
        return (record?.DataJson, problems);
    }

    [Theory]
    [InlineData("12/01/2026", DateOrder.DayFirst, "2026-01-12")]
    [InlineData("12/01/2026", DateOrder.MonthFirst, "2026-12-01")]
    [InlineData("1/12/2026", DateOrder.MonthFirst, "2026-01-12")]
    // A date cell reaches the parser as ISO, which is read alike whatever the order.
    [InlineData("2026-12-01", DateOrder.MonthFirst, "2026-12-01")]
    [InlineData("2026-12-01", DateOrder.DayFirst, "2026-12-01")]
    public void A_text_date_is_read_in_the_order_the_mapping_gives_its_column(string text, DateOrder order, string iso)
    {
        var (data, problems) = Feedback(text, order);

        Assert.Empty(problems);
        Assert.Equal(iso, JsonNode.Parse(data!)!["ngay_nhan"]!.GetValue<string>());
    }

    [Fact]
    public void A_day_first_date_in_a_month_first_column_is_an_error_saying_which_order_was_chosen()
    {
        var problem = Assert.Single(Feedback("31/12/2026", DateOrder.MonthFirst).Problems);

        Assert.Equal("ngay_nhan", problem.Field);
        Assert.Contains("tháng/ngày/năm", problem.Reason);
        Assert.Contains("'31/12/2026'", problem.Reason);
    }

    [Fact]
    public void The_date_order_is_kept_with_the_mapping()
    {
        var mapping = new ColumnMapping(new Dictionary<string, string> { ["Received"] = "ngay_nhan", ["Code"] = "ma_phan_anh" },
            new Dictionary<string, AmountUnit>(), new Dictionary<string, DateOrder> { ["ngay_nhan"] = DateOrder.MonthFirst });

        var back = ColumnMapping.FromSettings(mapping.ToSettings(null, "feedback"), "feedback")!;

        Assert.Equal(DateOrder.MonthFirst, back.DateOrderOf("ngay_nhan"));
        Assert.Equal(DateOrder.DayFirst, back.DateOrderOf("han_xu_ly"));
        Assert.True(mapping.SameAs(back));
        Assert.False(mapping.SameAs(mapping with { Dates = null }));
        Assert.Contains("Received → ngay_nhan (thang-ngay-nam)", mapping.Describe());
    }

    // ---------- header-row detection in the reader ----------

    private static Func<IReadOnlyList<string>, bool> DossierHeader => cells => ColumnMapping.LooksLikeHeader(RecordKinds.Dossier, cells);

    [Fact]
    public void Title_rows_above_the_header_are_skipped_and_the_row_numbers_stay_the_spreadsheets()
    {
        var csv = "UBND XÃ QUẾ MINH\r\nSỔ THEO DÕI HỒ SƠ THÁNG 11/2026\r\n\r\nMã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả\r\nHS-1,02/11/2026,05/11/2026\r\n";

        var result = TabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "so-theo-doi.csv", isHeader: DossierHeader);

        Assert.True(result.HeaderRecognised);
        Assert.Equal(4, result.HeaderRow);
        Assert.Equal(["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả"], result.Header);
        var row = Assert.Single(result.Rows);
        Assert.Equal(5, row.Row);
        Assert.Equal("HS-1", row[0]);
    }

    [Fact]
    public void Without_a_recognised_header_the_first_row_is_the_header_as_before()
    {
        var csv = "a,b\r\n1,2\r\n3,4\r\n";

        var result = TabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "khac.csv", isHeader: DossierHeader);

        Assert.False(result.HeaderRecognised);
        Assert.Equal(1, result.HeaderRow);
        Assert.Equal(["a", "b"], result.Header);
        Assert.Equal(2, result.Rows.Count);
    }
}
