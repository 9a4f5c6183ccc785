using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit;

/// <summary>
/// What an import changed is merged into the record cache instead of the unit being read back: the merged cache must
/// hold exactly what a cache loaded afresh from the store holds (facts, demo kinds, figures), whatever was there before.
/// </summary>
public sealed class RecordCacheMergeTests : IDisposable
{
    private static readonly KpiCatalog Catalog = CatalogLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "seeds", "kpi-catalog.json"));
    private readonly SqliteStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private readonly CountingFactory _factory;

    public RecordCacheMergeTests() => _factory = new CountingFactory(_store.Factory);

    public void Dispose() => _store.Dispose();

    private RecordCache Cache(bool demo = false, IDbContextFactory<DashboardDbContext>? factory = null) =>
        new(factory ?? _factory, Options.Create(new DemoDataOptions { Enabled = demo }));

    /// <summary>As the importer writes a dossier (the JSON of <c>RecordParser</c>); <paramref name="day"/> in November 2026.</summary>
    private static RecordInput Dossier(int i, int day = 2, string unit = "que-minh", bool returned = true, string? received = null) =>
        new(unit, "dossier", $"HS-{i:0000}",
            $$"""{"ma_ho_so":"HS-{{i:0000}}","ma_thu_tuc":"1.00{{1000 + i % 7}}","ngay_nhan":"{{received ?? $"2026-11-{day:00}T01:30:00Z"}}","han_tra":"2026-11-{{day + 5:00}}","ngay_tra":{{(returned ? $"\"2026-11-{day + i % 9:00}T08:00:00Z\"" : "null")}},"kenh":"{{(i % 2 == 0 ? "truc-tiep" : "truc-tuyen-toan-trinh")}}","thu_xin_loi":{{(i % 5 == 0 ? "true" : "false")}},"so_hoa_ket_qua":true,"thanh_toan_truc_tuyen":false,"co_quan":null}""");

    private static RecordInput Procedure(int i, bool fee = true) =>
        new("que-minh", "procedure", $"1.00{1000 + i}",
            $$"""{"ma_thu_tuc":"1.00{{1000 + i}}","ten_thu_tuc":"Thủ tục {{i}}","niem_yet_cong":true,"niem_yet_mot_cua":true,"tiep_nhan_mot_cua":true,"trong_phan_mem":true,"quy_trinh_noi_bo":false,"du_dieu_kien_toan_trinh":true,"co_phi":{{(fee ? "true" : "false")}}}""");

    private static RecordInput Feedback(int i, int satisfaction) =>
        new("que-minh", "feedback", $"PA-{i:000}",
            $$"""{"ma_phan_anh":"PA-{{i:000}}","ngay_nhan":"2026-11-0{{1 + i % 5}}","han_xu_ly":"2026-11-1{{i % 9}}","ngay_xu_ly":"2026-11-1{{i % 7}}","muc_hai_long":{{satisfaction}},"co_quan":null}""");

    /// <summary>Stores the records as an import does and merges what changed, as the figures job does after it.</summary>
    private async Task ImportAsync(RecordCache cache, string source, IEnumerable<RecordInput> records, TimeProvider? clock = null)
    {
        var changes = new StoredChanges();
        await new RecordStore(_store.Factory, clock ?? _clock).UpsertAsync(source, records.ToList(), changes: changes);
        await cache.MergeAsync(source, changes);
    }

    /// <summary>Imports and checks that the merge read nothing from the store.</summary>
    private async Task ImportMergedAsync(RecordCache cache, string source, IEnumerable<RecordInput> records)
    {
        var reads = _factory.Created;
        await ImportAsync(cache, source, records);
        Assert.Equal(reads, _factory.Created);
    }

    private async Task AssertSameAsLoadedAsync(RecordCache merged, bool demo = false)
    {
        var loaded = Cache(demo, _store.Factory);
        await loaded.LoadAllAsync();
        Assert.Equal(loaded.UnitsWithRecords.Order(), merged.UnitsWithRecords.Order());
        foreach (var unit in loaded.UnitsWithRecords) AssertSame(loaded.Own(unit), merged.Own(unit));
    }

    private static void AssertSame(UnitRecords loaded, UnitRecords merged)
    {
        Assert.Equal(Sorted(loaded.Dossiers), Sorted(merged.Dossiers));
        Assert.Equal(loaded.Procedures.Values.OrderBy(p => p.Key, StringComparer.Ordinal), merged.Procedures.Values.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(Sorted(loaded.Feedback), Sorted(merged.Feedback));
        Assert.Equal(Sorted(loaded.Tasks), Sorted(merged.Tasks));
        Assert.Equal(Sorted(loaded.Reports), Sorted(merged.Reports));
        Assert.Equal(loaded.Documents.OrderBy(d => d.Key, StringComparer.Ordinal), merged.Documents.OrderBy(d => d.Key, StringComparer.Ordinal));
        Assert.Equal(loaded.Projects.OrderBy(p => p.Key, StringComparer.Ordinal), merged.Projects.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var kind in new[] { "dossier", "procedure", "feedback", "task", "report", "document", "disbursement" })
            Assert.Equal((kind, loaded.Has(kind), loaded.IsDemo(kind)), (kind, merged.Has(kind), merged.IsDemo(kind)));

        // And so every figure: each catalog KPI on its default window and on the month, as the figures job and pages ask.
        var now = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);
        var today = new DateOnly(2026, 11, 28);
        foreach (var kpi in Catalog.Kpis)
            foreach (var window in new[] { KpiWindows.Default(kpi.Window, CutOff.Calendar, today), ReportingWindow.Containing(WindowKind.Month, CutOff.Calendar, today) })
                Assert.Equal(Figures.Of(kpi, loaded, ReadingBook.Empty, window, now), Figures.Of(kpi, merged, ReadingBook.Empty, window, now));
    }

    private static IEnumerable<T> Sorted<T>(IEnumerable<T> facts) where T : DeadlineFact => facts.OrderBy(f => f.Key, StringComparer.Ordinal);

    [Fact]
    public async Task A_first_import_and_then_changes_new_keys_and_another_feed_merge_into_what_a_reload_reads()
    {
        var cache = Cache();
        await cache.LoadAllAsync();

        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(1, 300).Select(i => Dossier(i)).Concat(Enumerable.Range(1, 6).Select(i => Procedure(i))));
        await AssertSameAsLoadedAsync(cache);
        Assert.Equal(300, cache.Own("que-minh").Dossiers.Count);

        // An hour later the same feed: every tenth dossier returned later, 50 new ones (one open), a procedure without a fee,
        // and the rest unchanged.
        _clock.Advance(TimeSpan.FromHours(1));
        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(1, 350).Select(i => i % 10 == 0 ? Dossier(i, day: 3) : Dossier(i, returned: i != 333))
            .Append(Procedure(2, fee: false)));
        await AssertSameAsLoadedAsync(cache);

        // Another feed delivers some of the same dossiers later: its version is the latest, and wins.
        _clock.Advance(TimeSpan.FromHours(1));
        await ImportMergedAsync(cache, "province", Enumerable.Range(280, 40).Select(i => Dossier(i, day: 4, returned: false)));
        await AssertSameAsLoadedAsync(cache);

        // A second commune, and then the first feed again on the keys the other one took over.
        _clock.Advance(TimeSpan.FromHours(1));
        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(1, 20).Select(i => Dossier(i, unit: "que-an"))
            .Concat(Enumerable.Range(290, 5).Select(i => Dossier(i, day: 6))));
        await AssertSameAsLoadedAsync(cache);
    }

    [Fact]
    public async Task A_record_that_cannot_be_read_leaves_its_key_out_as_a_reload_does()
    {
        var cache = Cache();
        await cache.LoadAllAsync();
        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(1, 10).Select(i => Dossier(i)));

        // A newer version of HS-0004 with a date no calendar holds (as an older version could have stored): the key's fact
        // goes, it does not keep the older version.
        _clock.Advance(TimeSpan.FromMinutes(5));
        await ImportMergedAsync(cache, "province", [Dossier(4, received: "2026-02-30"), Dossier(11, received: "not a date")]);

        await AssertSameAsLoadedAsync(cache);
        Assert.DoesNotContain(cache.Own("que-minh").Dossiers, d => d.Key is "HS-0004" or "HS-0011");
    }

    [Fact]
    public async Task Demo_records_of_a_kind_give_way_to_the_first_real_ones_as_on_a_reload()
    {
        await new RecordStore(_store.Factory, _clock).UpsertAsync(Sources.Simulator,
            [.. Enumerable.Range(1, 30).Select(i => Dossier(i)), .. Enumerable.Range(1, 12).Select(i => Feedback(i, 60 + i))]);
        var cache = Cache(demo: true);
        await cache.LoadAllAsync();
        Assert.True(cache.Own("que-minh").IsDemo("feedback"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(5, 4).Select(i => Feedback(i, 90)));

        await AssertSameAsLoadedAsync(cache, demo: true);
        Assert.False(cache.Own("que-minh").IsDemo("feedback"));
        Assert.Equal(4, cache.Own("que-minh").Feedback.Count);
        Assert.True(cache.Own("que-minh").IsDemo("dossier"));
    }

    [Fact]
    public async Task A_key_stored_under_an_older_spelling_is_updated_in_its_place()
    {
        // Stored by an earlier version under another spelling, before keys had one.
        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            var old = Dossier(7);
            db.Records.Add(new SourceRecord
            {
                Source = "one-stop", UnitCode = "que-minh", Kind = "dossier", RecordKey = "hs-0007", DataJson = old.DataJson,
                FirstSeenAt = _clock.GetUtcNow().UtcDateTime.AddDays(-3), UpdatedAt = _clock.GetUtcNow().UtcDateTime.AddDays(-3),
            });
            await db.SaveChangesAsync();
        }
        var cache = Cache();
        await cache.LoadAllAsync();

        await ImportMergedAsync(cache, "one-stop", [Dossier(7, day: 9), Dossier(8)]);

        await AssertSameAsLoadedAsync(cache);
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 1, 30, 0, TimeSpan.Zero).UtcTicks, cache.Own("que-minh").Dossiers.Single(d => d.Key == "HS-0007").Received);
    }

    [Fact]
    public async Task A_key_the_store_respells_is_merged_under_its_one_spelling()
    {
        var cache = Cache();
        await cache.LoadAllAsync();

        // Given in lower case (by a caller other than the parser), stored and merged as HS-0009.
        await ImportMergedAsync(cache, "one-stop", [Dossier(9) with { RecordKey = "hs-0009" }, Dossier(10)]);

        await AssertSameAsLoadedAsync(cache);
        Assert.Equal(["HS-0009", "HS-0010"], cache.Own("que-minh").Dossiers.Select(d => d.Key).Order());
    }

    [Fact]
    public async Task A_write_no_later_than_what_the_cache_holds_reads_the_unit_back()
    {
        var cache = Cache();
        await cache.LoadAllAsync();
        await ImportMergedAsync(cache, "one-stop", Enumerable.Range(1, 10).Select(i => Dossier(i)));

        // The clock has not moved (or was set back): another feed's version at the same instant may or may not be the one a
        // reload picks, so the unit is read back rather than guessed.
        var reads = _factory.Created;
        await ImportAsync(cache, "province", Enumerable.Range(5, 10).Select(i => Dossier(i, day: 8)));
        Assert.True(_factory.Created > reads, "the unit was not read back");
        await AssertSameAsLoadedAsync(cache);

        // A writer whose clock is behind.
        reads = _factory.Created;
        await ImportAsync(cache, "one-stop", Enumerable.Range(9, 3).Select(i => Dossier(i, day: 12)), new FakeTimeProvider(_clock.GetUtcNow().AddHours(-2)));
        Assert.True(_factory.Created > reads, "the unit was not read back");
        await AssertSameAsLoadedAsync(cache);
    }

    [Fact]
    public async Task A_cache_never_loaded_reads_the_unit_back_instead_of_holding_only_the_import()
    {
        await new RecordStore(_store.Factory, _clock).UpsertAsync("one-stop", Enumerable.Range(1, 10).Select(i => Dossier(i)).ToList());
        var cache = Cache();

        _clock.Advance(TimeSpan.FromMinutes(1));
        await ImportAsync(cache, "one-stop", [Dossier(11)]);

        await AssertSameAsLoadedAsync(cache);
        Assert.Equal(11, cache.Own("que-minh").Dossiers.Count);
    }

    /// <summary>Counts the contexts made: a merge must not read the store.</summary>
    private sealed class CountingFactory(IDbContextFactory<DashboardDbContext> inner) : IDbContextFactory<DashboardDbContext>
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public DashboardDbContext CreateDbContext()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateDbContext();
        }
    }
}
