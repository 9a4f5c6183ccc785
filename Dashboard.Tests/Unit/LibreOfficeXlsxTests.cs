using System.IO.Compression;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Unit;

/// <summary>The one-stop layout converted once by LibreOffice for the whole class (a conversion takes seconds).</summary>
public sealed class OneStopWorkbook : IAsyncLifetime
{
    public static readonly OneStopExport.Dossier[] Dossiers =
    [
        new("000.00.15.H55-261102-0001", new(2026, 11, 2, 8, 15, 0), new(2026, 11, 2), new(2026, 11, 2, 10, 40, 0), "Trực tiếp"),
        new("000.00.15.H55-261103-0002", new(2026, 11, 3, 9, 0, 0), new(2026, 11, 6), null, "Trực tuyến toàn trình", Applicant: "Trần Văn Đức"),
        new("000.00.15.H55-261104-0003", new(2026, 11, 4, 14, 20, 0), new(2026, 11, 4), new(2026, 11, 5, 9, 10, 0), "Trực tuyến một phần"),
    ];

    public string Path { get; private set; } = "";

    public async Task InitializeAsync() => Path = await LibreOffice.ConvertToXlsxAsync(OneStopExport.Fods(Dossiers), "mot-cua-ho-so", OneStopExport.LookupSheet);

    public Task DisposeAsync()
    {
        Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class LibreOfficeXlsxTests(OneStopWorkbook workbook) : IClassFixture<OneStopWorkbook>
{
    private static readonly UnitDirectory Units = UnitDirectory.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json"));

    private TabularResult Read() =>
        TabularReader.Read(File.OpenRead(workbook.Path), "mot-cua-ho-so.xlsx",
            isHeader: cells => ColumnMapping.LooksLikeHeader(RecordKinds.Dossier, cells));

    [Fact]
    public void The_file_is_what_a_one_stop_export_looks_like_to_the_reader()
    {
        // What the other tests rely on, checked in the XLSX LibreOffice wrote rather than assumed from the .fods.
        using var zip = ZipFile.OpenRead(workbook.Path);
        string Part(string name) => new StreamReader(zip.GetEntry(name)!.Open()).ReadToEnd();
        var book = Part("xl/workbook.xml");
        Assert.Matches("<sheet name=\"DM_TTHC\"[^>]*state=\"hidden\"", book);
        Assert.Contains("Trực tuyến toàn trình", Part("xl/sharedStrings.xml"));
        var sheet = Part("xl/worksheets/sheet3.xml");
        Assert.Contains("t=\"s\"", sheet);
        Assert.Contains("<mergeCell ", sheet);
    }

    [Fact]
    public void The_table_is_found_on_the_first_visible_sheet_with_a_recognised_header_below_its_title_rows()
    {
        var table = Read();

        Assert.Equal("Hồ sơ", table.SheetName);
        Assert.True(table.HeaderRecognised);
        Assert.Equal(4, table.HeaderRow);
        Assert.Equal(OneStopExport.Header, table.Header);
        Assert.Equal([5, 6, 7], table.Rows.Select(r => r.Row));
        Assert.Empty(table.Errors);
    }

    [Fact]
    public void Date_cells_shared_strings_and_number_cells_read_as_written()
    {
        var rows = Read().Rows;

        Assert.Equal("2026-11-02T08:15:00", rows[0].Get("Ngày tiếp nhận"));
        Assert.Equal("2026-11-02", rows[0].Get("Ngày hẹn trả"));
        Assert.Equal("2026-11-02T10:40:00", rows[0].Get("Ngày trả kết quả"));
        Assert.Equal("", rows[1].Get("Ngày trả kết quả"));
        Assert.Equal("Trần Văn Đức", rows[1].Get("Người nộp"));
        Assert.Equal("Trực tuyến toàn trình", rows[1].Get("Hình thức nộp"));
        Assert.Equal("000.00.15.H55-261104-0003", rows[2].Get("Mã hồ sơ"));
        // A code that looks like a number stays the text it was typed as.
        Assert.Equal("1.001612", rows[2].Get("Mã thủ tục"));
        Assert.False(rows[2].IsNumber("Mã thủ tục"));
        Assert.Equal("3", rows[2].Get("STT"));
        Assert.True(rows[2].IsNumber("STT"));
    }

    [Fact]
    public void Its_rows_become_dossiers_through_the_recognised_mapping()
    {
        var table = Read();
        var columns = ColumnMapping.Recognise(RecordKinds.Dossier, table.Header).Bind(table.Header);

        var parsed = table.Rows.Select(r => RecordParser.Parse(RecordKinds.Dossier, r.Row,
            name => columns.TryGetValue(name, out var i) ? r[i] : null, null, Units)).ToList();

        Assert.All(parsed, p => Assert.Empty(p.Problems));
        var first = JsonNode.Parse(parsed[0].Record!.DataJson)!;
        // 08:15 in Vietnam is 01:15 UTC; a bare due date stays a local calendar day.
        Assert.Equal("2026-11-02T01:15:00Z", first["ngay_nhan"]!.GetValue<string>());
        Assert.Equal("2026-11-02", first["han_tra"]!.GetValue<string>());
        Assert.Equal("truc-tiep", first["kenh"]!.GetValue<string>());
        Assert.Equal("que-minh", parsed[0].Record!.UnitCode);
        Assert.Equal("truc-tuyen-mot-phan", JsonNode.Parse(parsed[2].Record!.DataJson)!["kenh"]!.GetValue<string>());
    }
}
