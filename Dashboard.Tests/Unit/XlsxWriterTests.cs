using System.IO.Compression;
using System.Xml.Linq;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Web.Export;

namespace Dashboard.Tests.Unit;

public sealed class XlsxWriterTests
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public void The_package_has_the_parts_Excel_needs_and_every_part_is_well_formed_xml()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Tổng hợp").Header("Chỉ tiêu").Row("Hồ sơ trễ hạn");
        book.AddSheet("Chi tiết").Row(XlsxCell.Money(1_000m));

        var parts = Parts(book.ToArray());

        Assert.Equal(
            ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml",
             "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"],
            parts.Keys.Order(StringComparer.Ordinal));
        // A stray xmlns="" would put an element outside the schema, which Excel answers with a repair prompt.
        Assert.All(parts.Values.SelectMany(d => d.Descendants()), e => Assert.NotEqual("", e.Name.NamespaceName));
        XNamespace types = "http://schemas.openxmlformats.org/package/2006/content-types";
        var overrides = parts["[Content_Types].xml"].Root!.Elements(types + "Override").Select(e => (string)e.Attribute("PartName")!);
        Assert.Equal(parts.Keys.Where(k => k.StartsWith("xl/", StringComparison.Ordinal) && !k.EndsWith(".rels", StringComparison.Ordinal))
            .Select(k => "/" + k).Order(StringComparer.Ordinal), overrides.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Vietnamese_text_round_trips()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Hồ sơ").Header("Đơn vị", "Chỉ tiêu").Row("Văn phòng UBND xã", "Hồ sơ trễ hạn").Row("Công an xã", "Tỷ lệ đúng hạn");

        var result = Read(book.ToArray());

        Assert.Equal("Hồ sơ", result.SheetName);
        Assert.Equal(["Đơn vị", "Chỉ tiêu"], result.Header);
        Assert.Equal(["Văn phòng UBND xã", "Hồ sơ trễ hạn"], result.Rows[0].Cells);
        Assert.Equal(["Công an xã", "Tỷ lệ đúng hạn"], result.Rows[1].Cells);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Numbers_percentages_money_and_dates_are_stored_as_numbers_and_null_as_empty_cells()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("So lieu")
            .Header("so", "dinh_dang", "ty_le", "tien", "ngay", "luc", "nua_dem", "so_nguyen")
            .Row(XlsxCell.Number(12.5m), XlsxCell.Number(1234.5m, "#,##0.00"), XlsxCell.Percent(12.5m), XlsxCell.Money(1_500_000m),
                XlsxCell.Date(new DateOnly(2025, 3, 15)), XlsxCell.DateTime(new DateTime(2025, 3, 15, 14, 30, 0)),
                XlsxCell.DateTime(new DateTime(2025, 3, 15)), 42)
            .Row(XlsxCell.Number(null), XlsxCell.Text(null), XlsxCell.Percent(null), XlsxCell.Money(null),
                XlsxCell.Date(null), XlsxCell.DateTime(null), XlsxCell.Empty, default)
            .Row("còn", "", (string?)null, (decimal?)null, (DateOnly?)null);

        var result = Read(book.ToArray());

        Assert.Equal(["12.5", "1234.5", "0.125", "1500000", "2025-03-15", "2025-03-15T14:30:00", "2025-03-15", "42"], result.Rows[0].Cells);
        // An all-empty row is left out by the reader but keeps its place in the numbering.
        var last = Assert.Single(result.Rows.Skip(1));
        Assert.Equal(4, last.Row);
        Assert.Equal(["còn", "", "", "", "", "", "", ""], last.Cells);
        Assert.DoesNotContain(Cells(Parts(book.ToArray())["xl/worksheets/sheet1.xml"]), c => (int)c.Parent!.Attribute("r")! == 3);
    }

    [Fact]
    public void Each_kind_of_number_gets_its_number_format()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Dinh dang").Row(XlsxCell.Percent(12.5m), XlsxCell.Money(1m), XlsxCell.Date(new DateOnly(2025, 1, 2)),
            XlsxCell.DateTime(new DateTime(2025, 1, 2, 8, 0, 0)), XlsxCell.Number(1m, "0.000"), XlsxCell.Percent(12.345m, 2),
            XlsxCell.Number(7m), "chữ");

        var parts = Parts(book.ToArray());
        var styles = parts["xl/styles.xml"].Root!;
        var formats = styles.Element(Main + "numFmts")!.Elements().ToDictionary(e => (int)e.Attribute("numFmtId")!, e => (string)e.Attribute("formatCode")!);
        var xfs = styles.Element(Main + "cellXfs")!.Elements().ToList();
        string? FormatOf(XElement cell)
        {
            var id = (int)xfs[(int?)cell.Attribute("s") ?? 0].Attribute("numFmtId")!;
            return id == 0 ? null : formats[id];
        }

        Assert.Equal(["0.0%", "#,##0", "dd/mm/yyyy", "dd/mm/yyyy hh:mm", "0.000", "0.00%", null, null],
            Cells(parts["xl/worksheets/sheet1.xml"]).Select(FormatOf));
        Assert.All(formats.Keys, id => Assert.True(id >= 164));
        Assert.Equal(xfs.Count, (int)styles.Element(Main + "cellXfs")!.Attribute("count")!);
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("=HYPERLINK(\"http://x.example\",\"Xem\")")]
    [InlineData("+84 912 345 678")]
    [InlineData("-5")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Formula_like_text_stays_text(string text)
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Cong thuc").Header("ghi_chu").Row(text);
        var bytes = book.ToArray();

        Assert.Equal(text, Assert.Single(Read(bytes).Rows)[0]);
        var sheet = Parts(bytes)["xl/worksheets/sheet1.xml"];
        Assert.Empty(sheet.Descendants(Main + "f"));
        Assert.All(Cells(sheet), c => Assert.Equal("inlineStr", (string?)c.Attribute("t")));
    }

    [Fact]
    public void Xml_special_characters_whitespace_and_excel_escapes_survive()
    {
        string[] texts = ["A & B <c> \"q\" 'a'", "  lề hai bên  ", "dòng 1\ndòng 2", "_x0041_ và __x00e9_", "😀 ổn"];
        var book = new XlsxWorkbook();
        book.AddSheet("Ky tu").Header([.. texts.Select((_, i) => $"c{i}")]).Row([.. texts.Select(t => (XlsxCell)t)]);
        var bytes = book.ToArray();

        Assert.Equal(texts, Assert.Single(Read(bytes).Rows).Cells);
        var preserved = Cells(Parts(bytes)["xl/worksheets/sheet1.xml"]).Skip(texts.Length)
            .Select(c => c.Descendants(Main + "t").Single().Attribute(XNamespace.Xml + "space")?.Value);
        Assert.Equal([null, "preserve", "preserve", null, null], preserved);
    }

    [Fact]
    public void Characters_xml_cannot_hold_are_dropped_rather_than_failing_the_export()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Hong\u0001").Header("x").Row("a\u0001b\u0000c\uFFFEd\uD800e\uDC00f");

        var result = Read(book.ToArray());

        Assert.Equal("abcdef", Assert.Single(result.Rows)[0]);
        Assert.Equal("Hong", result.SheetName);
    }

    [Fact]
    public void Text_longer_than_an_excel_cell_holds_is_cut_without_splitting_a_surrogate_pair()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Dai").Header("x").Row(new string('a', 32_766) + "😀b");

        Assert.Equal(new string('a', 32_766), Assert.Single(Read(book.ToArray()).Rows)[0]);
    }

    [Theory]
    [InlineData("Quý 1/2025", "Quý 1-2025")]
    [InlineData("[a]:b*c?d\\e", "-a--b-c-d-e")]
    [InlineData("'Trích xuất'", "Trích xuất")]
    [InlineData("Báo cáo tổng hợp kết quả giải quyết hồ sơ", "Báo cáo tổng hợp kết quả giải q")]
    [InlineData("   ", "Sheet1")]
    [InlineData("History", "History (2)")]
    public void Sheet_names_follow_excel_rules(string asked, string expected)
    {
        var book = new XlsxWorkbook();
        var sheet = book.AddSheet(asked).Header("x").Row("1");

        Assert.Equal(expected, sheet.Name);
        Assert.True(sheet.Name.Length <= 31);
        Assert.Equal(expected, (string)SheetElements(book).Single().Attribute("name")!);
        Assert.Equal(expected, Read(book.ToArray(), expected).SheetName);
    }

    [Fact]
    public void Sheet_names_are_made_unique_ignoring_case_and_still_fit()
    {
        var book = new XlsxWorkbook();
        var longName = new string('x', 40);
        string[] names = [book.AddSheet("Dữ liệu").Name, book.AddSheet("DỮ LIỆU").Name, book.AddSheet("dữ liệu").Name,
            book.AddSheet(longName).Name, book.AddSheet(longName).Name];

        Assert.Equal(["Dữ liệu", "DỮ LIỆU (2)", "dữ liệu (3)", new string('x', 31), new string('x', 27) + " (2)"], names);
        Assert.Equal(names, SheetElements(book).Select(e => (string)e.Attribute("name")!));
        Assert.Equal(names, book.Sheets.Select(s => s.Name));
    }

    [Fact]
    public void A_second_sheet_is_read_by_name_and_the_first_is_the_default()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Tổng hợp").Header("xa", "so_ho_so").Row("Xã A", 10);
        book.AddSheet("Chi tiết").Header("ma_ho_so", "trang_thai").Row("HS-001", "Đúng hạn").Row("HS-002", "Trễ hạn");
        var bytes = book.ToArray();

        var first = Read(bytes);
        var second = Read(bytes, "Chi tiết");

        Assert.Equal("Tổng hợp", first.SheetName);
        Assert.Equal(["Xã A", "10"], Assert.Single(first.Rows).Cells);
        Assert.Equal(["ma_ho_so", "trang_thai"], second.Header);
        Assert.Equal(["HS-002", "Trễ hạn"], second.Rows[1].Cells);
        Assert.Equal("1", (string?)Parts(bytes)["xl/worksheets/sheet1.xml"].Descendants(Main + "sheetView").Single().Attribute("tabSelected"));
        Assert.Null(Parts(bytes)["xl/worksheets/sheet2.xml"].Descendants(Main + "sheetView").Single().Attribute("tabSelected"));
    }

    [Fact]
    public void The_title_is_large_and_bold_the_header_bold_and_the_panes_frozen_below_the_header()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Bao cao").Title("Báo cáo tháng 3/2025").Header("Đơn vị", "Tỷ lệ").Row("Xã A", XlsxCell.Percent(95m))
            .BoldRow("Tổng", XlsxCell.Percent(90m)).Widths(30, 0, 12.5);
        var bytes = book.ToArray();
        var parts = Parts(bytes);
        var sheet = parts["xl/worksheets/sheet1.xml"];

        // The reader takes the first non-blank row as its header, so here that is the title.
        var result = Read(bytes);
        Assert.Equal(["Báo cáo tháng 3/2025"], result.Header);
        Assert.Equal(["Đơn vị", "Xã A", "Tổng"], result.Rows.Select(r => r[0]));

        var pane = sheet.Descendants(Main + "pane").Single();
        Assert.Equal(("2", "A3", "frozen"), ((string)pane.Attribute("ySplit")!, (string)pane.Attribute("topLeftCell")!, (string)pane.Attribute("state")!));
        var styles = parts["xl/styles.xml"].Root!;
        var fonts = styles.Element(Main + "fonts")!.Elements().ToList();
        var xfs = styles.Element(Main + "cellXfs")!.Elements().ToList();
        XElement FontOf(string reference)
        {
            var cell = Cells(sheet).Single(c => (string)c.Attribute("r")! == reference);
            return fonts[(int)xfs[(int?)cell.Attribute("s") ?? 0].Attribute("fontId")!];
        }
        Assert.Equal("14", (string)FontOf("A1").Element(Main + "sz")!.Attribute("val")!);
        Assert.All(["A1", "A2", "B2", "A4", "B4"], r => Assert.NotNull(FontOf(r).Element(Main + "b")));
        Assert.Null(FontOf("A3").Element(Main + "b"));
        Assert.Null(FontOf("B3").Element(Main + "b"));
        var cols = sheet.Descendants(Main + "col").Select(c => ((string)c.Attribute("min")!, (string)c.Attribute("width")!));
        Assert.Equal([("1", "30"), ("3", "12.5")], cols);
    }

    [Fact]
    public void Dates_follow_the_excel_1900_day_count_and_earlier_dates_become_text()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Ngay").Header("a", "b", "c", "d")
            .Row(XlsxCell.Date(new DateOnly(1900, 1, 1)), XlsxCell.Date(new DateOnly(1900, 2, 28)), XlsxCell.Date(new DateOnly(1900, 3, 1)),
                XlsxCell.Date(new DateOnly(1899, 12, 31)));
        var bytes = book.ToArray();

        Assert.Equal(["1", "59", "61"], Cells(Parts(bytes)["xl/worksheets/sheet1.xml"]).Skip(4).Take(3).Select(c => c.Element(Main + "v")!.Value));
        Assert.Equal(["1900-01-01", "1900-02-28", "1900-03-01", "31/12/1899"], Assert.Single(Read(bytes).Rows).Cells);
    }

    [Fact]
    public void The_last_instant_of_a_day_stays_on_that_day()
    {
        var book = new XlsxWorkbook();
        book.AddSheet("Cuoi ngay").Row(XlsxCell.DateTime(new DateTime(2025, 3, 15).AddTicks(-1)), XlsxCell.DateTime(DateTime.MaxValue));

        var serials = Cells(Parts(book.ToArray())["xl/worksheets/sheet1.xml"])
            .Select(c => double.Parse(c.Element(Main + "v")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // 2958465 is 31/12/9999, Excel's last day.
        Assert.Equal([45730, 2958465], serials.Select(Math.Floor));
    }

    [Fact]
    public void Save_writes_to_a_stream_it_leaves_open_and_refuses_an_empty_workbook()
    {
        Assert.Throws<InvalidOperationException>(() => new XlsxWorkbook().ToArray());

        var book = new XlsxWorkbook();
        book.AddSheet("Mot").Header("x").Row("y");
        using var output = new MemoryStream();
        book.Save(output);

        Assert.True(output.CanRead);
        output.Position = 0;
        Assert.Equal("y", Assert.Single(Read(output.ToArray()).Rows)[0]);
    }

    private static TabularResult Read(byte[] bytes, string? sheetName = null) =>
        TabularReader.ReadXlsx(new MemoryStream(bytes), "x.xlsx", sheetName: sheetName);

    private static Dictionary<string, XDocument> Parts(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            return XDocument.Load(stream);
        });
    }

    private static IEnumerable<XElement> Cells(XDocument sheet) => sheet.Descendants(Main + "c");

    private static IEnumerable<XElement> SheetElements(XlsxWorkbook book) =>
        Parts(book.ToArray())["xl/workbook.xml"].Descendants(Main + "sheet");
}
