using System.IO.Compression;
using System.Text;
using Dashboard.Jobs.Feeds.Files;

namespace Dashboard.Tests.Unit;

public sealed class TabularReaderTests
{
    private const string Utf8Advice = "Lưu lại tệp dưới dạng CSV UTF-8";

    // ---------- CSV: encodings ----------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf8_with_or_without_bom_keeps_diacritics(bool bom)
    {
        var bytes = Encode("linh_vuc,nguoi_nop\r\nHồ sơ đất đai,Nguyễn Thị Ánh\r\n", new UTF8Encoding(bom));

        var result = TabularReader.Read(new MemoryStream(bytes), "mot-cua.csv");

        Assert.Equal(["linh_vuc", "nguoi_nop"], result.Header);
        var row = Assert.Single(result.Rows);
        Assert.Equal("Hồ sơ đất đai", row.Get("linh_vuc"));
        Assert.Equal("Nguyễn Thị Ánh", row.Get("nguoi_nop"));
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_bom_is_converted(bool bigEndian)
    {
        // Excel's "Unicode Text" is UTF-16 with a BOM and tabs between cells.
        var bytes = Encode("linh_vuc\tnguoi_nop\r\nHồ sơ đất đai\tNguyễn Thị Ánh\r\n", new UnicodeEncoding(bigEndian, byteOrderMark: true));

        var result = TabularReader.Read(new MemoryStream(bytes), "unicode.txt");

        Assert.Equal('\t', result.Delimiter);
        Assert.Equal("Nguyễn Thị Ánh", Assert.Single(result.Rows).Get("nguoi_nop"));
        Assert.Equal("Hồ sơ đất đai", result.Rows[0][0]);
    }

    public static TheoryData<string, byte[]> LegacyEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string text = "linh_vuc,nguoi_nop\nHồ sơ đất đai,Nguyễn Thị Ánh\n";
        return new()
        {
            { "windows-1258", Encoding.GetEncoding(1258).GetBytes(text) },
            { "latin-1", Encoding.Latin1.GetBytes("ten\nÁnh Café\n") },
            // "Hồ sơ" as the TCVN3 (ABC) fonts store it, shown as "Hå s¬" by anything else.
            { "tcvn3", [.. "linh_vuc\n"u8, 0x48, 0xE5, 0x20, 0x73, 0xAC, 0x0A] },
        };
    }

    [Theory]
    [MemberData(nameof(LegacyEncodings))]
    public void Bytes_that_are_not_utf8_are_refused_not_guessed(string encoding, byte[] bytes)
    {
        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bytes), $"{encoding}.csv"));

        Assert.Equal($"{encoding}.csv", ex.FileName);
        Assert.Contains($"{encoding}.csv", ex.Message);
        Assert.Contains("không phải là văn bản UTF-8", ex.Message);
        Assert.Contains(Utf8Advice, ex.Message);
    }

    [Fact]
    public void Utf16_without_bom_is_refused_rather_than_read_as_text_full_of_nul()
    {
        var bytes = Encoding.Unicode.GetBytes("ma,ten\r\nHS-1,An\r\n");

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bytes), "khong-bom.csv"));
        Assert.Contains(Utf8Advice, ex.Message);
    }

    [Fact]
    public void A_multibyte_character_split_between_read_chunks_is_kept_whole()
    {
        // 70,000 bytes of "ồ" (3 bytes each) cross the 64 KiB read boundary in the middle of a character.
        var text = "ghi_chu\n" + new string('ồ', 70_000 / 3) + "\n";
        var result = TabularReader.Read(new ForwardOnlyStream(Encoding.UTF8.GetBytes(text)), "dai.csv");
        Assert.Equal(new string('ồ', 70_000 / 3), Assert.Single(result.Rows)[0]);
    }

    // ---------- CSV: syntax ----------

    [Fact]
    public void Semicolon_delimiter_is_detected_from_the_header_line()
    {
        // Vietnamese Excel uses ',' as the decimal mark and so saves CSV with ';'.
        var result = ReadCsv("ma_ho_so;ty_le;ghi_chu\nHS-1;93,5;a, b\n");

        Assert.Equal(';', result.Delimiter);
        var row = Assert.Single(result.Rows);
        Assert.Equal(["HS-1", "93,5", "a, b"], row.Cells);
    }

    [Fact]
    public void Excel_sep_line_sets_the_delimiter_and_is_not_a_row()
    {
        var result = ReadCsv("sep=;\r\nma,ten;so\r\nHS-1;3\r\n");

        Assert.Equal(["ma,ten", "so"], result.Header);
        Assert.Equal(1, result.HeaderRow);
        Assert.Equal(2, Assert.Single(result.Rows).Row);
    }

    [Fact]
    public void Quoted_fields_keep_delimiters_newlines_and_doubled_quotes()
    {
        var result = ReadCsv(
            "ma,dia_chi,ghi_chu\r\n" +
            "HS-1,\"Thôn 1, xã Quế Minh\",\"Ông \"\"Ba\"\" nộp\"\r\n" +
            "HS-2,\"dòng một\r\ndòng hai\",\"\"\r\n" +
            "HS-3,Thôn 2,\r\n");

        Assert.Empty(result.Errors);
        Assert.Equal(["HS-1", "Thôn 1, xã Quế Minh", "Ông \"Ba\" nộp"], result.Rows[0].Cells);
        Assert.Equal("dòng một\r\ndòng hai", result.Rows[1].Get("dia_chi"));
        Assert.Equal("", result.Rows[1].Get("ghi_chu"));
        // A record spanning two lines is still one spreadsheet row.
        Assert.Equal([2, 3, 4], result.Rows.Select(r => r.Row));
    }

    [Fact]
    public void Ragged_rows_are_reported_with_their_row_number_and_the_others_are_kept()
    {
        var result = ReadCsv("ma,ten,ngay_hen\nHS-1,An,2026-11-02\nHS-2,Bình\nHS-3,Chi,2026-11-05,thừa\nHS-4,Dũng,2026-11-09\n");

        Assert.Equal([2, 5], result.Rows.Select(r => r.Row));
        Assert.Equal([3, 4], result.Errors.Select(e => e.Row));
        Assert.Contains("2 ô", result.Errors[0].Message);
        Assert.Contains("3 cột", result.Errors[0].Message);
        Assert.Equal($"Tệp 'x.csv', dòng 3: {result.Errors[0].Message}", result.Errors[0].Describe("x.csv"));
    }

    [Fact]
    public void Lf_or_crlf_and_trailing_blank_lines_give_the_same_rows()
    {
        var lf = ReadCsv("ma,so\nHS-1,1\nHS-2,2\n\n\n");
        var crlf = ReadCsv("ma,so\r\nHS-1,1\r\nHS-2,2\r\n\r\n,\r\n");
        var noFinalNewline = ReadCsv("ma,so\nHS-1,1\nHS-2,2");

        foreach (var result in new[] { lf, crlf, noFinalNewline })
        {
            Assert.Empty(result.Errors);
            Assert.Equal([["HS-1", "1"], ["HS-2", "2"]], result.Rows.Select(r => r.Cells.ToArray()));
            Assert.Equal([2, 3], result.Rows.Select(r => r.Row));
        }
    }

    [Fact]
    public void Blank_rows_in_the_middle_are_skipped_but_keep_their_place_in_the_numbering()
    {
        var result = ReadCsv("ma,so\nHS-1,1\n\n,\nHS-2,2\n");
        Assert.Equal([2, 5], result.Rows.Select(r => r.Row));
    }

    [Fact]
    public void An_unclosed_quote_is_a_row_error_after_the_good_rows()
    {
        var result = ReadCsv("ma,ten\nHS-1,An\nHS-2,\"Bình\nHS-3,Chi\n");

        Assert.Equal(2, Assert.Single(result.Rows).Row);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("ngoặc kép", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_a_row_error()
    {
        var result = ReadCsv("ma,ten\nHS-1,\"An\"h\nHS-2,Bình\n");
        Assert.Equal(3, Assert.Single(result.Rows).Row);
        Assert.Equal(2, Assert.Single(result.Errors).Row);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("\uFEFF")]
    public void A_file_without_a_header_is_refused(string text)
    {
        var ex = Assert.Throws<TabularFileException>(() => ReadCsv(text, "trong.csv"));
        Assert.Contains("trong.csv", ex.Message);
        Assert.Contains("tiêu đề", ex.Message);
    }

    [Fact]
    public void A_header_naming_a_column_twice_is_refused()
    {
        var ex = Assert.Throws<TabularFileException>(() => ReadCsv("ma,ngay_hen,NGAY_HEN\n1,2,3\n"));
        Assert.Contains("ngay_hen", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    // ---------- Header lookup ----------

    [Fact]
    public void Columns_are_found_trimmed_case_insensitively_and_without_diacritics()
    {
        var result = ReadCsv(" Mã hồ sơ ,Ngày hẹn,Trạng thái\nHS-1,2026-11-02,Đúng hạn\n");
        var row = Assert.Single(result.Rows);

        Assert.Equal(["Mã hồ sơ", "Ngày hẹn", "Trạng thái"], result.Header);
        Assert.Equal("HS-1", row.Get("mã hồ sơ"));
        Assert.Equal("2026-11-02", row.Get("ngay_hen"));
        Assert.Equal("2026-11-02", row.Get("NGÀY HẸN"));
        Assert.Equal("Đúng hạn", row.Get("trang-thai"));
        Assert.Null(row.Get("ngay_tra"));
        Assert.Equal(1, result.Header.IndexOf("ngay hen"));
        Assert.Same(result.Header, row.Header);
    }

    [Fact]
    public void A_loose_name_two_columns_share_is_only_found_by_its_exact_spelling()
    {
        var row = Assert.Single(ReadCsv("Số,Sổ\n1,2\n").Rows);

        Assert.Equal("1", row.Get("số"));
        Assert.Equal("2", row.Get("Sổ"));
        Assert.Null(row.Get("so"));
    }

    // ---------- Formula-looking text ----------

    [Fact]
    public void Formula_like_csv_cells_come_out_exactly_as_written()
    {
        var row = Assert.Single(ReadCsv("a,b,c,d\n=1+1,@SUM(A1),+84905123456,-5\n").Rows);
        Assert.Equal(["=1+1", "@SUM(A1)", "+84905123456", "-5"], row.Cells);
    }

    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("+84905123456", true)]
    [InlineData("-5", true)]
    [InlineData("\t=cmd", true)]
    [InlineData("Hồ sơ", false)]
    [InlineData("a=b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Formula_like_text_is_recognised(string? text, bool expected)
    {
        Assert.Equal(expected, TabularReader.IsFormulaLike(text));
        if (text is not null) Assert.Equal(expected ? "'" + text : text, TabularReader.NeutraliseFormula(text));
    }

    // ---------- Limits ----------

    [Fact]
    public void A_file_over_max_bytes_is_refused_from_its_length()
    {
        var bytes = Encoding.UTF8.GetBytes("ma,ten\n" + string.Concat(Enumerable.Repeat("HS-1,Nguyễn Thị Ánh\n", 100)));
        var limits = new TabularLimits(MaxBytes: 1000, MaxRows: 1000);

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bytes), "lon.csv", limits));

        Assert.Contains("lon.csv", ex.Message);
        Assert.Contains("1.000 byte", ex.Message);
    }

    [Fact]
    public void A_stream_without_length_is_refused_after_reading_at_most_one_byte_over_the_limit()
    {
        var bytes = Encoding.UTF8.GetBytes("ma,ten\n" + string.Concat(Enumerable.Repeat("HS-1,An\n", 100_000)));
        var limits = new TabularLimits(MaxBytes: 100_000, MaxRows: 1_000_000);

        foreach (var name in new[] { "lon.csv", "lon.xlsx" })
        {
            var stream = new ForwardOnlyStream(bytes);
            var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(stream, name, limits));

            Assert.Contains(name, ex.Message);
            Assert.Contains("97,7 KB (100.000 byte)", ex.Message);
            Assert.Equal(limits.MaxBytes + 1, stream.BytesRead);
        }
    }

    [Fact]
    public void A_file_over_max_rows_is_refused_as_soon_as_the_count_is_exceeded()
    {
        var limits = new TabularLimits(MaxBytes: long.MaxValue, MaxRows: 1000);
        var endless = new EndlessCsvStream();

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(endless, "vo-han.csv", limits));

        Assert.Contains("vo-han.csv", ex.Message);
        Assert.Contains("1.000 dòng", ex.Message);
        Assert.True(endless.BytesRead < 200_000, $"read {endless.BytesRead} bytes");
    }

    [Fact]
    public void Exactly_max_rows_is_accepted_and_blank_rows_do_not_count()
    {
        var result = ReadCsv("ma\n1\n\n2\n,\n3\n", limits: new TabularLimits(1000, 3));
        Assert.Equal(3, result.Rows.Count);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TabularLimits(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => TabularLimits.Default with { MaxRows = -1 });
        var (maxBytes, maxRows) = TabularLimits.Default with { MaxRows = 5 };
        Assert.Equal((20L * 1024 * 1024, 5), (maxBytes, maxRows));
    }

    [Fact]
    public async Task ReadAsync_serves_streams_that_only_read_asynchronously()
    {
        var bytes = Encoding.UTF8.GetBytes("ma,ten\nHS-1,Ánh\n");

        var result = await TabularReader.ReadAsync(new AsyncOnlyStream(bytes), "tai-len.csv");
        Assert.Equal("Ánh", Assert.Single(result.Rows).Get("ten"));

        await Assert.ThrowsAsync<TabularFileException>(() =>
            TabularReader.ReadAsync(new AsyncOnlyStream(bytes), "tai-len.csv", new TabularLimits(10, 10)));
    }

    [Fact]
    public void Other_extensions_and_misnamed_files_are_refused_with_advice()
    {
        var csv = Encoding.UTF8.GetBytes("ma\n1\n");
        Assert.Contains(".csv hoặc .xlsx", Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(csv), "bao-cao.pdf")).Message);

        var xlsxAsCsv = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(Xlsx(Sheet(Row(1, Inline("A1", "ma"))))), "xuat.csv"));
        Assert.Contains("đổi đuôi tệp thành .xlsx", xlsxAsCsv.Message);

        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        foreach (var name in new[] { "cu.xls", "cu.xlsx", "cu.csv" })
            Assert.Contains("Excel 97–2003", Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(ole), name)).Message);
    }

    [Fact]
    public void One_hundred_thousand_csv_rows_are_all_read_with_their_row_numbers()
    {
        // How fast is measured by the import scenario in bench/, not here: this machine is shared.
        var text = new StringBuilder("ma_ho_so,linh_vuc,nguoi_nop,ngay_nhan,ngay_hen,trang_thai\r\n");
        for (var i = 0; i < 100_000; i++)
            text.Append("HS-").Append(i).Append(",Hồ sơ đất đai,\"Nguyễn Thị Ánh, thôn 3\",2026-11-02,2026-11-09,Đúng hạn\r\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var result = TabularReader.Read(new MemoryStream(bytes), "lon.csv", new TabularLimits(100L * 1024 * 1024, 200_000));

        Assert.Equal(100_000, result.Rows.Count);
        Assert.Equal(100_001, result.Rows[^1].Row);
        Assert.Equal("HS-99999", result.Rows[^1].Get("ma_ho_so"));
        Assert.Equal("Nguyễn Thị Ánh, thôn 3", result.Rows[^1].Get("nguoi_nop"));
        Assert.Empty(result.Errors);
    }

    // ---------- XLSX ----------

    private static readonly string[] SharedStrings =
    [
        "<si><t>Mã hồ sơ</t></si>",                                                                  // 0
        "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Người </t></r><r><t>nộp</t></r></si>",     // 1 rich text
        "<si><t>so_ngay</t></si>",                                                                   // 2
        "<si><t>ghi_chu</t></si>",                                                                   // 3
        "<si><t>HS-001</t></si>",                                                                    // 4
        "<si><r><t>Nguyễn </t></r><r><rPr><i/></rPr><t>Thị Ánh</t></r><rPh sb=\"0\" eb=\"1\"><t>グエン</t></rPh></si>", // 5
        "<si><t>@SUM(A1)</t></si>",                                                                  // 6
        "<si><t>dòng 1_x000D_\ndòng 2 _x005F_x0041_</t></si>",                                       // 7
    ];

    private const string Styles = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
          <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="#,##0&quot; ngày&quot;"/></numFmts>
          <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
          <cellXfs count="7">
            <xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22"/><xf numFmtId="164"/>
            <xf numFmtId="4"/><xf numFmtId="165"/><xf numFmtId="20"/>
          </cellXfs>
        </styleSheet>
        """;

    [Fact]
    public void Xlsx_cells_come_out_as_the_user_sees_them()
    {
        var sheet = Sheet(
            Row(1, Shared("A1", 0), Shared("B1", 1), Inline("C1", "ngay_hen"), Shared("D1", 2), Shared("E1", 3), Inline("AB1", "cot_ab")),
            Row(2, Shared("A2", 4), Number("C2", "45000", style: 1), """<c r="D2"><f>C2-44997</f><v>3</v></c>""",
                Inline("E2", "=1+1"), Number("AB2", "12.5")),
            Row(3, Inline("A3", "HS-002"), Shared("B3", 5), Number("C3", "45000.5", style: 2), """<c r="D3"><f>SUM(D2:D2)</f></c>""",
                Shared("E3", 6), """<c r="AB3" t="b"><v>1</v></c>"""),
            "<row r=\"4\"><c r=\"A4\" s=\"1\"/></row>",
            Row(5, Inline("A5", "HS-003"), Number("C5", "45000", style: 3), """<c r="D5" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>""",
                Shared("E5", 7), """<c r="AB5" t="e"><v>#N/A</v></c>"""));

        var result = TabularReader.Read(new MemoryStream(Xlsx(sheet)), "lris.xlsx");

        Assert.Equal("Hồ sơ", result.SheetName);
        Assert.Null(result.Delimiter);
        Assert.Equal(28, result.Header.Count);
        Assert.Equal(["Mã hồ sơ", "Người nộp", "ngay_hen", "so_ngay", "ghi_chu"], result.Header.Take(5));
        Assert.Equal("cot_ab", result.Header[27]);
        Assert.Empty(result.Errors);
        Assert.Equal([2, 3, 5], result.Rows.Select(r => r.Row));
        Assert.All(result.Rows, r => Assert.Equal(28, r.Cells.Count));

        var (two, three, five) = (result.Rows[0], result.Rows[1], result.Rows[2]);
        Assert.Equal("HS-001", two.Get("ma_ho_so"));
        Assert.Equal("", two.Get("Người nộp"));                      // B2 is missing: a gap between A2 and C2
        Assert.Equal("2023-03-15", two.Get("ngay_hen"));             // serial 45000, numFmtId 14
        Assert.Equal("3", two.Get("so_ngay"));                       // cached value of a formula
        Assert.Equal("=1+1", two.Get("ghi_chu"));                    // text, never evaluated
        Assert.Equal("12.5", two.Get("cot_ab"));
        Assert.Equal("", two[26]);                                    // column AA

        Assert.Equal("HS-002", three.Get("Mã hồ sơ"));
        Assert.Equal("Nguyễn Thị Ánh", three.Get("nguoi_nop"));     // rich-text runs, phonetic guide left out
        Assert.Equal("2023-03-15T12:00:00", three.Get("ngay_hen"));
        Assert.Equal("=SUM(D2:D2)", three.Get("so_ngay"));           // no cached value: the formula as text
        Assert.Equal("@SUM(A1)", three.Get("ghi_chu"));
        Assert.Equal("TRUE", three.Get("cot_ab"));

        Assert.Equal("2023-03-15", five.Get("ngay_hen"));            // custom format dd/mm/yyyy
        Assert.Equal("xy", five.Get("so_ngay"));
        Assert.Equal("dòng 1\r\ndòng 2 _x0041_", five.Get("ghi_chu"));
        Assert.Equal("#N/A", five.Get("cot_ab"));
    }

    [Theory]
    [InlineData(0, "45000")]        // General
    [InlineData(4, "45000")]        // #,##0.00
    [InlineData(5, "45000")]        // #,##0" ngày": the d is inside quotes
    [InlineData(1, "2023-03-15")]
    [InlineData(3, "2023-03-15")]
    public void Only_date_formats_turn_serials_into_dates(int style, string expected)
    {
        var sheet = Sheet(Row(1, Inline("A1", "gia_tri")), Row(2, Number("A2", "45000", style)));
        Assert.Equal(expected, Assert.Single(TabularReader.Read(new MemoryStream(Xlsx(sheet)), "f.xlsx").Rows)[0]);
    }

    [Fact]
    public void A_time_format_gives_the_time_of_day()
    {
        var sheet = Sheet(Row(1, Inline("A1", "gio")), Row(2, Number("A2", "0.75", style: 6)));
        Assert.Equal("18:00:00", Assert.Single(TabularReader.Read(new MemoryStream(Xlsx(sheet)), "gio.xlsx").Rows)[0]);
    }

    [Fact]
    public void The_first_visible_sheet_is_read_unless_one_is_named()
    {
        var bytes = Xlsx(
            [
                ("Danh mục", "hidden", Sheet(Row(1, Inline("A1", "ma_danh_muc")), Row(2, Inline("A2", "DM")))),
                ("Tháng 11", null, Sheet(Row(1, Inline("A1", "ma")), Row(2, Inline("A2", "T11")))),
                ("Tháng 12", null, Sheet(Row(1, Inline("A1", "ma")), Row(2, Inline("A2", "T12")))),
            ],
            rootRels: false);

        Assert.Equal("T11", Assert.Single(TabularReader.Read(new MemoryStream(bytes), "a.xlsx").Rows)[0]);
        var named = TabularReader.Read(new MemoryStream(bytes), "a.xlsx", sheetName: "tháng 12");
        Assert.Equal("Tháng 12", named.SheetName);
        Assert.Equal("T12", Assert.Single(named.Rows)[0]);

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bytes), "a.xlsx", sheetName: "Tháng 10"));
        Assert.Contains("'Tháng 10'", ex.Message);
        Assert.Contains("'Tháng 11'", ex.Message);
    }

    [Fact]
    public void A_file_named_xlsx_that_is_not_a_zip_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("ma,ten\nHS-1,An\n");

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bytes), "gia.xlsx"));

        Assert.Equal("gia.xlsx", ex.FileName);
        Assert.Contains("không phải là bảng tính Excel .xlsx hợp lệ", ex.Message);
    }

    [Fact]
    public void A_zip_without_a_workbook_is_refused()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            Write(archive, "word/document.xml", "<document/>");

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(zip.ToArray()), "van-ban.xlsx"));
        Assert.Contains("không phải là bảng tính Excel .xlsx hợp lệ", ex.Message);
    }

    [Fact]
    public void A_workbook_with_broken_xml_names_the_part()
    {
        var ex = Assert.Throws<TabularFileException>(() =>
            TabularReader.Read(new MemoryStream(Xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\">")), "hong.xlsx"));
        Assert.Contains("xl/worksheets/sheet1.xml", ex.Message);
    }

    [Fact]
    public void A_workbook_with_a_dtd_is_refused()
    {
        const string billionLaughs = """
            <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>
            """;
        Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(Xlsx(billionLaughs)), "dtd.xlsx"));
    }

    [Fact]
    public void A_part_that_inflates_far_beyond_the_file_size_is_refused()
    {
        var bytes = Xlsx(Sheet(Row(1, Inline("A1", "ghi_chu")), Row(2, Inline("A2", new string('a', 2_000_000)))));
        Assert.True(bytes.Length < 20_000);

        var ex = Assert.Throws<TabularFileException>(() =>
            TabularReader.Read(new MemoryStream(bytes), "bom.xlsx", new TabularLimits(MaxBytes: 20_000, MaxRows: 10)));
        Assert.Contains("giải nén", ex.Message);
    }

    [Fact]
    public void A_sheet_with_more_than_max_rows_is_refused()
    {
        var sheet = Sheet([Row(1, Inline("A1", "ma")), .. Enumerable.Range(2, 10).Select(r => Row(r, Number($"A{r}", $"{r}")))]);

        var ex = Assert.Throws<TabularFileException>(() =>
            TabularReader.Read(new MemoryStream(Xlsx(sheet)), "nhieu.xlsx", new TabularLimits(1_000_000, 5)));

        Assert.Contains("nhieu.xlsx", ex.Message);
        Assert.Contains("5 dòng", ex.Message);
    }

    [Fact]
    public void A_sheet_with_only_a_title_gap_uses_its_first_filled_row_as_header()
    {
        var sheet = Sheet(Row(3, Inline("B3", "ma")), Row(4, Inline("B4", "HS-1")));
        var result = TabularReader.Read(new MemoryStream(Xlsx(sheet)), "lech.xlsx");

        Assert.Equal(3, result.HeaderRow);
        Assert.Equal(["", "ma"], result.Header);
        Assert.Equal(4, Assert.Single(result.Rows).Row);
        Assert.Equal("HS-1", result.Rows[0].Get("ma"));
    }

    [Fact]
    public void An_empty_sheet_is_refused()
    {
        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(Xlsx(Sheet())), "rong.xlsx"));
        Assert.Contains("tiêu đề", ex.Message);
    }

    // ---------- Excel serial dates ----------

    [Theory]
    [InlineData(45000, "2023-03-15T00:00:00")]
    [InlineData(45000.75, "2023-03-15T18:00:00")]
    [InlineData(1, "1900-01-01T00:00:00")]
    [InlineData(59, "1900-02-28T00:00:00")]
    [InlineData(61, "1900-03-01T00:00:00")]
    [InlineData(2958465, "9999-12-31T00:00:00")]
    public void Excel_serials_follow_the_1900_system_and_its_leap_year_bug(double serial, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TabularReader.ExcelSerialToDate(serial));
    }

    [Theory]
    [InlineData(60)]       // 29 February 1900, which never existed
    [InlineData(-1)]
    [InlineData(2958466)]
    [InlineData(double.NaN)]
    public void Excel_serials_without_a_date_are_refused(double serial) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TabularReader.ExcelSerialToDate(serial));

    [Fact]
    public void The_1904_date_system_counts_from_1_january_1904() =>
        Assert.Equal(new DateTime(2023, 3, 15), TabularReader.ExcelSerialToDate(45000 - 1462, date1904: true));

    // ---------- helpers ----------

    private static TabularResult ReadCsv(string text, string name = "mot-cua.csv", TabularLimits? limits = null) =>
        TabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), name, limits);

    private static byte[] Encode(string text, Encoding encoding) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    internal static string Row(int number, params string[] cells) => $"<row r=\"{number}\">{string.Concat(cells)}</row>";

    private static string Shared(string cell, int index) => $"<c r=\"{cell}\" t=\"s\"><v>{index}</v></c>";

    internal static string Inline(string cell, string text) =>
        $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";

    internal static string Number(string cell, string value, int style = 0) => $"<c r=\"{cell}\" s=\"{style}\"><v>{value}</v></c>";

    internal static string Sheet(params string[] rows) =>
        $"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{string.Concat(rows)}</sheetData></worksheet>""";

    internal static byte[] Xlsx(string sheetXml) => Xlsx([("Hồ sơ", null, sheetXml)]);

    /// <summary>The parts Excel itself needs; <paramref name="rootRels"/> false leaves out _rels/.rels as some exporters do.</summary>
    private static byte[] Xlsx((string Name, string? State, string Xml)[] sheets, bool rootRels = true)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                  {string.Concat(sheets.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))}
                  <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                  <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """);
            if (rootRels)
                Write(archive, "_rels/.rels", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                      <Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>
                    </Relationships>
                    """);
            Write(archive, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="{main}" xmlns:r="{rel}">
                  <sheets>{string.Concat(sheets.Select((s, i) =>
                      $"""<sheet name="{s.Name}" sheetId="{i + 1}" r:id="rId{i + 1}"{(s.State is null ? "" : $" state=\"{s.State}\"")}/>"""))}</sheets>
                </workbook>
                """);
            Write(archive, "xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  {string.Concat(sheets.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))}
                  <Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>
                  <Relationship Id="rIdY" Type="{rel}/styles" Target="/xl/styles.xml"/>
                </Relationships>
                """);
            for (var i = 0; i < sheets.Length; i++) Write(archive, $"xl/worksheets/sheet{i + 1}.xml", sheets[i].Xml);
            Write(archive, "xl/sharedStrings.xml",
                $"""<sst xmlns="{main}" count="{SharedStrings.Length}" uniqueCount="{SharedStrings.Length}">{string.Concat(SharedStrings)}</sst>""");
            Write(archive, "xl/styles.xml", Styles);
        }
        return zip.ToArray();
    }

    private static void Write(ZipArchive archive, string path, string xml)
    {
        using var writer = new StreamWriter(archive.CreateEntry(path).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    /// <summary>A network-like stream: no length, no seeking; counts what the reader took.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, data.Length - BytesRead);
            Array.Copy(data, BytesRead, buffer, offset, n);
            BytesRead += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A header and then data rows forever: only the row limit can stop the reader.</summary>
    private sealed class EndlessCsvStream : Stream
    {
        private static readonly byte[] Header = "ma,so\n"u8.ToArray();
        private static readonly byte[] Line = "HS,1\n"u8.ToArray();

        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, BytesRead++)
                buffer[offset + i] = BytesRead < Header.Length ? Header[BytesRead] : Line[(BytesRead - Header.Length) % Line.Length];
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Like Blazor's browser file stream: synchronous reads are not allowed.</summary>
    private sealed class AsyncOnlyStream(byte[] data) : Stream
    {
        private int position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous reads are not supported.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(buffer.Length, data.Length - position);
            data.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
