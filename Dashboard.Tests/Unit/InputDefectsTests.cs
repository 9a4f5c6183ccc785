using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dashboard.Jobs.Feeds;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Live;
using Dashboard.Shared.Store;
using Dashboard.Shared.Telemetry;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Unit;

/// <summary>Data that used to break, or be stored wrong, on its way in: rows, readings, spreadsheets, stored records.</summary>
public sealed class InputDefectsTests : IDisposable
{
    private static readonly string Seeds = Path.Combine(AppContext.BaseDirectory, "seeds");
    private static readonly UnitDirectory Units = UnitDirectory.LoadFile(Path.Combine(Seeds, "units.json"));
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(Seeds, "kpi-catalog.json"));
    private readonly SqliteStore _store = new();

    public void Dispose() => _store.Dispose();

    private static (RecordInput? Record, List<RejectedRow> Problems) Parse(RecordKind kind, IngestLimits? limits = null, params (string Name, string? Value)[] cells)
    {
        var row = cells.ToDictionary(c => c.Name, c => c.Value);
        return RecordParser.Parse(kind, 2, name => row.GetValueOrDefault(name), "que-minh", Units, limits);
    }

    private static (RecordInput? Record, List<RejectedRow> Problems) Dossier(string received, string due = "30/11/2026", string key = "HS-1",
        string procedure = "1.001612", string channel = "truc-tiep", IngestLimits? limits = null) =>
        Parse(RecordKinds.Dossier, limits, ("ma_ho_so", key), ("ma_thu_tuc", procedure), ("ngay_nhan", received), ("han_tra", due), ("kenh", channel));

    private static (RecordInput? Record, List<RejectedRow> Problems) Disbursement(string plan, string disbursed) =>
        Parse(RecordKinds.Disbursement, null, ("ma_du_an", "DA-1"), ("ke_hoach_von", plan), ("da_giai_ngan", disbursed), ("ngay", "25/11/2026"));

    private static JsonElement Data(RecordInput record) => JsonDocument.Parse(record.DataJson).RootElement;

    // A date in another script's digits (Arabic-Indic) threw while its error was worded: the row got the generic
    // "unexpected error" instead of saying it is no date.
    [Fact]
    public void A_date_in_other_digits_is_a_row_error_saying_it_is_no_date()
    {
        var (record, problems) = Dossier(received: "٢٧/١١/٢٠٢٦");

        Assert.Null(record);
        var problem = Assert.Single(problems);
        Assert.Equal((2, "ngay_nhan"), (problem.Row, problem.Field));
        Assert.Contains("không phải ngày hợp lệ", problem.Reason);
    }

    // Item 1: a date far in the future used to be stored, and then wedged the figures and the start-up.
    [Theory]
    [InlineData("31/12/9999")]
    [InlineData("9999-12-31")]
    [InlineData("01/01/2101")]
    [InlineData("31/12/1999 08:00")]
    public void A_date_outside_the_allowed_range_is_a_row_error_naming_the_range(string date)
    {
        var (record, problems) = Dossier(received: "01/11/2026", due: date);

        Assert.Null(record);
        var problem = Assert.Single(problems);
        Assert.Equal((2, "han_tra"), (problem.Row, problem.Field));
        Assert.Contains("01/01/2000", problem.Reason);
        Assert.Contains("31/12/2100", problem.Reason);
    }

    [Fact]
    public void The_allowed_range_comes_from_the_options()
    {
        var limits = new IngestLimits { EarliestDate = new(2020, 1, 1), LatestDate = new(2030, 12, 31) };

        var (record, problems) = Dossier(received: "31/12/2019", limits: limits);

        Assert.Null(record);
        Assert.Contains("01/01/2020", Assert.Single(problems).Reason);
        Assert.NotNull(Dossier(received: "30/12/2100", due: "31/12/2100").Record);
        Assert.Null(Dossier(received: "01/01/2031", due: "02/01/2031", limits: limits).Record);
    }

    // Item 2: year 1 threw from deep inside the date parser ("offset" out of range) and lost the whole file.
    [Theory]
    [InlineData("01/01/0001")]
    [InlineData("0001-01-01")]
    [InlineData("01/01/0001 00:00")]
    [InlineData("0001-01-01T00:00:00+07:00")]
    public void A_year_one_date_is_a_row_error_not_an_exception(string date)
    {
        var (record, problems) = Dossier(received: date);

        Assert.Null(record);
        Assert.Contains(problems, p => p.Field == "ngay_nhan" && p.Reason.Contains("01/01/2000"));
    }

    // Item 4: vi-VN amounts were read as invariant decimals (900.000 became 900).
    [Fact]
    public void Vietnamese_amounts_are_read_with_dots_as_thousands()
    {
        var (record, problems) = Disbursement("900.000", "1.250");

        Assert.Empty(problems);
        Assert.Equal(900_000m, Data(record!).GetProperty("ke_hoach_von").GetDecimal());
        Assert.Equal(1_250m, Data(record!).GetProperty("da_giai_ngan").GetDecimal());
        Assert.Equal(1_250.5m, Data(Disbursement("1.250.000", "1.250,5").Record!).GetProperty("da_giai_ngan").GetDecimal());
    }

    [Fact]
    public void A_disbursement_above_its_plan_is_a_row_error_quoting_both_amounts_in_vi_VN()
    {
        var (record, problems) = Disbursement("100.000.000", "900000000");

        Assert.Null(record);
        var problem = Assert.Single(problems);
        Assert.Equal("da_giai_ngan", problem.Field);
        Assert.Contains("900.000.000", problem.Reason);
        Assert.Contains("100.000.000", problem.Reason);
    }

    [Theory]
    [InlineData("1,250")]
    [InlineData("1.25")]
    [InlineData("1,250,000")]
    [InlineData("1e9")]
    public void An_amount_that_could_be_read_two_ways_is_refused_not_guessed(string amount)
    {
        var (record, problems) = Disbursement("2.000.000.000", amount);

        Assert.Null(record);
        Assert.Equal("da_giai_ngan", Assert.Single(problems).Field);
    }

    [Fact]
    public void A_percentage_is_read_by_the_same_rule()
    {
        var (ok, _) = Parse(RecordKinds.Feedback, null, ("ma_phan_anh", "PA-1"), ("ngay_nhan", "01/11/2026"), ("han_xu_ly", "10/11/2026"), ("muc_hai_long", "97,5"));
        Assert.Equal(97.5m, Data(ok!).GetProperty("muc_hai_long").GetDecimal());
        var (bad, problems) = Parse(RecordKinds.Feedback, null, ("ma_phan_anh", "PA-1"), ("ngay_nhan", "01/11/2026"), ("han_xu_ly", "10/11/2026"), ("muc_hai_long", "97.25"));
        Assert.Null(bad);
        Assert.Contains("97,25", Assert.Single(problems).Reason);
    }

    [Fact]
    public void A_number_cell_of_a_workbook_is_read_as_the_number_it_is()
    {
        var sheet = TabularReaderTests.Sheet(
            TabularReaderTests.Row(1, TabularReaderTests.Inline("A1", "ma_du_an"), TabularReaderTests.Inline("B1", "ke_hoach_von"),
                TabularReaderTests.Inline("C1", "da_giai_ngan"), TabularReaderTests.Inline("D1", "ngay")),
            TabularReaderTests.Row(2, TabularReaderTests.Inline("A2", "DA-1"), TabularReaderTests.Number("B2", "1250000000.5"),
                TabularReaderTests.Number("C2", "1.25"), TabularReaderTests.Inline("D2", "25/11/2026")),
            TabularReaderTests.Row(3, TabularReaderTests.Inline("A3", "DA-2"), TabularReaderTests.Inline("B3", "1.250.000"),
                TabularReaderTests.Inline("C3", "1.25"), TabularReaderTests.Inline("D3", "25/11/2026")));
        var table = TabularReader.Read(new MemoryStream(TabularReaderTests.Xlsx(sheet)), "giai-ngan.xlsx");

        var (typed, typedProblems) = RecordParser.Parse(RecordKinds.Disbursement, table.Rows[0], "que-minh", Units);
        var (text, textProblems) = RecordParser.Parse(RecordKinds.Disbursement, table.Rows[1], "que-minh", Units);

        Assert.Empty(typedProblems);
        Assert.Equal(1_250_000_000.5m, Data(typed!).GetProperty("ke_hoach_von").GetDecimal());
        Assert.Equal(1.25m, Data(typed!).GetProperty("da_giai_ngan").GetDecimal());
        // The same "1.25" typed as text is the writer's text, and is refused like in a CSV.
        Assert.Null(text);
        Assert.Equal("da_giai_ngan", Assert.Single(textProblems).Field);
    }

    // Item 6: one key written two ways became two records.
    [Fact]
    public void Keys_written_in_nfd_lower_case_or_with_spaces_are_one_record()
    {
        var nfc = "HS-Hồ-Sơ-0001";
        var keys = new[] { nfc, nfc.Normalize(NormalizationForm.FormD), nfc.ToLowerInvariant(), "  " + nfc.ToLowerInvariant().Normalize(NormalizationForm.FormD) + " " }
            .Select(k => Dossier(received: "01/11/2026", key: k, procedure: "abc.001612"))
            .ToList();

        Assert.All(keys, k => Assert.Empty(k.Problems));
        Assert.Single(keys.Select(k => k.Record!.RecordKey).Distinct());
        Assert.Equal("HS-HỒ-SƠ-0001".Normalize(NormalizationForm.FormC), keys[0].Record!.RecordKey);
        // The procedure a dossier names is an identifier too, written the way procedures are keyed.
        Assert.All(keys, k => Assert.Equal("ABC.001612", Data(k.Record!).GetProperty("ma_thu_tuc").GetString()));
        Assert.All(keys, k => Assert.Equal(keys[0].Record!.RecordKey, Data(k.Record!).GetProperty("ma_ho_so").GetString()));
    }

    [Fact]
    public void A_key_longer_than_the_store_holds_is_a_row_error()
    {
        var (record, problems) = Dossier(received: "01/11/2026", key: new string('A', 129));
        Assert.Null(record);
        Assert.Equal("ma_ho_so", Assert.Single(problems).Field);
    }

    [Fact]
    public async Task A_record_stored_under_a_variant_of_its_key_is_updated_by_a_write_of_the_normal_form()
    {
        var at = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            db.Records.Add(new SourceRecord
            {
                Source = "one-stop", UnitCode = "que-minh", Kind = "dossier", RecordKey = "hs-ho\u0302\u0300-0001", DataJson = "{\"v\":1}",
                FirstSeenAt = at, UpdatedAt = at,
            });
            await db.SaveChangesAsync();
        }
        var store = new RecordStore(_store.Factory, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero)));

        var result = await store.UpsertAsync("one-stop", [new RecordInput("que-minh", "dossier", "HS-HỒ-0001", "{\"v\":2}")]);

        Assert.Equal(new RecordUpsertResult(0, 1, 0), result);
        await using var check = await _store.Factory.CreateDbContextAsync();
        var stored = Assert.Single(await check.Records.ToListAsync());
        Assert.Equal("HS-HỒ-0001", stored.RecordKey);
        Assert.Equal("{\"v\":2}", stored.DataJson);
        Assert.Equal("{\"v\":1}", Assert.Single(await check.RecordHistory.ToListAsync()).DataJson);
    }

    // Item 1 (defensive) and 6: rows already stored must never stop the cache, and variants of one key count once.
    [Fact]
    public async Task Stored_rows_that_cannot_be_read_are_skipped_and_variant_keys_count_once()
    {
        var at = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
        string Json(string key, string received, string due) =>
            $$"""{"ma_ho_so":"{{key}}","ma_thu_tuc":"1.001612","ngay_nhan":"{{received}}","han_tra":"{{due}}","ngay_tra":null,"kenh":"truc-tiep","thu_xin_loi":false,"so_hoa_ket_qua":false,"thanh_toan_truc_tuyen":false,"co_quan":null}""";
        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            var rows = new[]
            {
                ("HS-1", Json("HS-1", "2026-11-02", "2026-11-05"), at),
                ("HS-9999", Json("HS-9999", "2026-11-02", "9999-12-31"), at),
                ("HS-0001", Json("HS-0001", "0001-01-01T00:00:00Z", "2026-11-05"), at),
                ("HS-JSON", "{ not json", at),
                ("HS-NGAY", Json("HS-NGAY", "31/12/9999", "2026-11-05"), at),
                ("hs-2", Json("hs-2", "2026-11-02", "2026-11-05"), at),
                ("HS-2", Json("HS-2", "2026-11-02", "2026-11-06"), at.AddHours(1)),
            };
            foreach (var (key, json, updated) in rows)
                db.Records.Add(new SourceRecord { Source = "one-stop", UnitCode = "que-minh", Kind = "dossier", RecordKey = key, DataJson = json, FirstSeenAt = updated, UpdatedAt = updated });
            await db.SaveChangesAsync();
        }
        var cache = new RecordCache(_store.Factory, Options.Create(new DemoDataOptions()));

        await cache.LoadAllAsync();
        await cache.ReloadAsync(["que-minh"]);

        var dossiers = cache.For("que-minh").Dossiers;
        Assert.Equal(["HS-1", "HS-2"], dossiers.Select(d => d.Key).Where(k => k is "HS-1" or "HS-2" or "hs-2").Order());
        Assert.DoesNotContain(dossiers, d => d.Key is "HS-9999" or "HS-JSON" or "HS-NGAY");
    }

    // Items 3 and 5: periods and values are checked against the range and a plausible bound for each kind of figure.
    private ReadingIngestor Ingestor(IngestLimits? limits = null)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var engine = new KpiEngine(Catalog, Units, _store.Factory, new KpiChangeBus(clock, NullLogger<KpiChangeBus>.Instance),
            Options.Create(new DemoDataOptions()));
        return new ReadingIngestor(Catalog, Units, new ReadingStore(_store.Factory, clock), engine, new DashboardMetrics(meters),
            Options.Create(limits ?? new IngestLimits()));
    }

    private static ReadingInput Reading(string kpi, decimal value, string period = "2026-11") => new("que-minh", kpi, period, "khao-sat", value);

    [Fact]
    public async Task A_batch_with_several_readings_of_one_kpi_shows_and_publishes_what_one_reading_at_a_time_would()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var bus = new KpiChangeBus(clock, NullLogger<KpiChangeBus>.Instance);
        var engine = new KpiEngine(Catalog, Units, _store.Factory, bus, Options.Create(new DemoDataOptions()));
        var published = new List<KpiSnapshot>();
        using var subscription = bus.Subscribe(published.AddRange);
        var store = new ReadingStore(_store.Factory, clock);

        // October, then November (which takes over, October's value becoming the one before it), then September (older: not shown).
        await engine.ApplyAsync(await store.UpsertAsync([Reading("sipas", 80, "2026-10"), Reading("sipas", 90, "2026-11"), Reading("sipas", 70, "2026-09"),
            Reading("tin-bai-cong-ttdt", 12, "2026-11")]));

        var sipas = engine.Get("que-minh", "sipas");
        Assert.Equal((90m, 80m, "2026-11"), (sipas.Value, sipas.PreviousValue, sipas.Period));
        Assert.Equal(["sipas", "tin-bai-cong-ttdt"], published.Select(s => s.Kpi.Code).Order());
        Assert.Same(sipas, published.Single(s => s.Kpi.Code == "sipas"));
    }

    [Theory]
    [InlineData("tin-bai-cong-ttdt", "79000000000000000000000000000")]   // count
    [InlineData("tin-bai-cong-ttdt", "100000001")]
    [InlineData("sipas", "100.01")]                                   // percent
    [InlineData("xep-hang-dti", "6")]                                 // band
    [InlineData("sipas", "-1")]
    public void A_value_beyond_the_plausible_bound_of_its_unit_is_a_field_error(string kpi, string value)
    {
        var errors = Ingestor().Validate([Reading(kpi, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))], external: true);
        var error = Assert.Single(errors);
        Assert.Equal("readings[0].value", error.Field);
    }

    [Theory]
    [InlineData("tin-bai-cong-ttdt", "100000000")]
    [InlineData("sipas", "100")]
    [InlineData("xep-hang-dti", "5")]
    public void A_value_at_its_bound_is_accepted(string kpi, string value) =>
        Assert.Empty(Ingestor().Validate([Reading(kpi, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))], external: true));

    [Theory]
    [InlineData("0001-01")]
    [InlineData("9999")]
    [InlineData("1999-12")]
    [InlineData("2101-Q1")]
    public void A_period_outside_the_years_is_a_field_error_naming_the_range(string period)
    {
        var error = Assert.Single(Ingestor().Validate([Reading("sipas", 90, period)], external: true));
        Assert.Equal("readings[0].period", error.Field);
        Assert.Contains("2000", error.Message);
        Assert.Contains("2100", error.Message);
    }

    [Fact]
    public void The_period_range_follows_the_options()
    {
        var ingestor = Ingestor(new IngestLimits { EarliestDate = new(2020, 1, 1), LatestDate = new(2030, 12, 31) });
        var error = Assert.Single(ingestor.Validate([Reading("sipas", 90, "2019-12")], external: true));
        Assert.Contains("01/01/2020", error.Message);
        Assert.Empty(ingestor.Validate([Reading("sipas", 90, "2020-01")], external: true));
    }

    // Item 9: a bad value is quoted as a short excerpt, whatever its size.
    [Fact]
    public void A_huge_bad_value_is_quoted_as_a_short_excerpt_in_every_row_error()
    {
        var huge = new string('x', 2_000_000);
        var (_, problems) = Dossier(received: huge, channel: huge, procedure: "1.001612");
        var (_, amounts) = Disbursement(huge, "1");

        Assert.Equal(2, problems.Count);
        Assert.All([.. problems, .. amounts], p => Assert.True(p.Reason.Length < 300, $"{p.Field}: {p.Reason.Length} characters"));
        Assert.All([.. problems, .. amounts], p => Assert.Contains("…", p.Reason));
        var reading = Ingestor().Validate([new ReadingInput(huge, huge, huge, huge, 1)], external: true);
        Assert.All(reading, e => Assert.True(e.Message.Length < 300, $"{e.Field}: {e.Message.Length} characters"));
    }

    // Item 7: a cell beyond Excel's own limit is a row error; a workbook that unpacks far beyond its size is refused quickly.
    [Fact]
    public void A_csv_cell_longer_than_excel_allows_is_a_row_error_and_the_other_rows_are_kept()
    {
        var csv = $"ma,ghi_chu\nHS-1,{new string('a', 32_768)}\nHS-2,ngắn\nHS-3,{new string('b', 32_767)}\n";

        var table = TabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "dai.csv");

        var error = Assert.Single(table.Errors);
        Assert.Equal(2, error.Row);
        Assert.Contains("32.767", error.Message);
        Assert.Equal(["HS-2", "HS-3"], table.Rows.Select(r => r.Get("ma")));
    }

    [Fact]
    public void An_xlsx_cell_longer_than_excel_allows_is_a_row_error_and_the_other_rows_are_kept()
    {
        var sheet = TabularReaderTests.Sheet(
            TabularReaderTests.Row(1, TabularReaderTests.Inline("A1", "ma"), TabularReaderTests.Inline("B1", "ghi_chu")),
            TabularReaderTests.Row(2, TabularReaderTests.Inline("A2", "HS-1"), TabularReaderTests.Inline("B2", new string('a', 40_000))),
            TabularReaderTests.Row(3, TabularReaderTests.Inline("A3", "HS-2"), TabularReaderTests.Inline("B3", "ngắn")));

        var table = TabularReader.Read(new MemoryStream(TabularReaderTests.Xlsx(sheet)), "dai.xlsx");

        var error = Assert.Single(table.Errors);
        Assert.Equal(2, error.Row);
        Assert.Contains("32.767", error.Message);
        Assert.Contains("B2", error.Message);
        Assert.Equal(["HS-2"], table.Rows.Select(r => r.Get("ma")));
    }

    [Fact]
    public void A_zip_bomb_is_refused_with_a_file_level_message()
    {
        // A header and then 200 MB of empty rows: deflate packs it into a few hundred KB.
        var bomb = BombXlsx(200L * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");

        var ex = Assert.Throws<TabularFileException>(() => TabularReader.Read(new MemoryStream(bomb), "bom.xlsx"));

        Assert.Contains("bom.xlsx", ex.Message);
        Assert.Contains("giải nén", ex.Message);
    }

    [Fact]
    public void A_workbook_that_unpacks_beyond_the_absolute_cap_is_refused()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(2, 3000).Select(r => TabularReaderTests.Row(r, TabularReaderTests.Inline($"A{r}", $"HS-{r}"),
            TabularReaderTests.Inline($"B{r}", string.Concat(Enumerable.Range(0, 40).Select(_ => (char)random.Next('a', 'z'))))));
        var bytes = TabularReaderTests.Xlsx(TabularReaderTests.Sheet([TabularReaderTests.Row(1, TabularReaderTests.Inline("A1", "ma"), TabularReaderTests.Inline("B1", "ghi_chu")), .. rows]));
        var limits = new TabularLimits(MaxBytes: 20_000_000, MaxRows: 100_000);
        Assert.Equal(3000, TabularReader.Read(new MemoryStream(bytes), "vua.xlsx", limits).Rows.Count);

        var ex = Assert.Throws<TabularFileException>(() =>
            TabularReader.Read(new MemoryStream(bytes), "vua.xlsx", limits with { MaxUnpackedBytes = 100_000 }));

        Assert.Contains("giải nén", ex.Message);
    }

    /// <summary>A workbook whose one sheet is a header and <paramref name="bytes"/> of empty rows, written without holding it in memory.</summary>
    private static byte[] BombXlsx(long bytes)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string path, string xml)
            {
                using var writer = new StreamWriter(archive.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Write("xl/workbook.xml", $"""<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Write("xl/_rels/workbook.xml.rels",
                $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = archive.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.UTF8.GetBytes($"""<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c></row>"""));
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<row/>", 64 * 1024 / 6)));
            for (long written = 0; written < bytes; written += chunk.Length) sheet.Write(chunk);
            sheet.Write("</sheetData></worksheet>"u8);
        }
        return zip.ToArray();
    }
}
