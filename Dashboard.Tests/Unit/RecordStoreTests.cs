using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The records' idempotent write whichever way it finds what is stored: nothing stored (a first import), a batch about
/// as large as the stored group (one pass over it), or a few keys among many (looked up by key).
/// </summary>
public sealed class RecordStoreTests : IDisposable
{
    private readonly SqliteStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    private static RecordInput Dossier(int i, int version = 1, string unit = "que-minh") => new(unit, "dossier", $"HS-{i:0000}", $$"""{"v":{{version}}}""");

    private RecordStore Store() => new(_store.Factory, _clock);

    [Fact]
    public async Task A_first_import_inserts_everything_and_the_same_file_again_changes_nothing()
    {
        var batch = Enumerable.Range(1, 1200).Select(i => Dossier(i)).ToList();

        Assert.Equal(new RecordUpsertResult(1200, 0, 0), await Store().UpsertAsync("one-stop", batch));
        Assert.Equal(new RecordUpsertResult(0, 0, 1200), await Store().UpsertAsync("one-stop", batch));

        await using var db = await _store.Factory.CreateDbContextAsync();
        Assert.Equal(1200, await db.Records.CountAsync());
        Assert.Empty(await db.RecordHistory.ToListAsync());
    }

    [Fact]
    public async Task A_large_batch_over_a_stored_group_updates_what_changed_and_keeps_the_old_version()
    {
        await Store().UpsertAsync("one-stop", Enumerable.Range(1, 1000).Select(i => Dossier(i)).ToList());
        _clock.Advance(TimeSpan.FromHours(1));

        // 1,000 stored, 1,100 sent (every 10th changed, 100 new): the group is read in one pass.
        var result = await Store().UpsertAsync("one-stop",
            Enumerable.Range(1, 1100).Select(i => Dossier(i, version: i % 10 == 0 && i <= 1000 ? 2 : 1)).ToList());

        Assert.Equal(new RecordUpsertResult(100, 100, 900), result);
        await using var db = await _store.Factory.CreateDbContextAsync();
        Assert.Equal(1100, await db.Records.CountAsync());
        Assert.Equal("""{"v":2}""", (await db.Records.SingleAsync(r => r.RecordKey == "HS-0500")).DataJson);
        Assert.Equal(100, await db.RecordHistory.CountAsync(h => h.DataJson == """{"v":1}"""));
    }

    [Fact]
    public async Task A_few_keys_among_many_stored_are_found_by_key()
    {
        await Store().UpsertAsync("one-stop", Enumerable.Range(1, 2000).Select(i => Dossier(i)).ToList());

        // 3 sent against 2,000 stored: looked up by key; one unchanged, one changed, one new.
        var result = await Store().UpsertAsync("one-stop", [Dossier(7), Dossier(8, version: 3), Dossier(5000)]);

        Assert.Equal(new RecordUpsertResult(1, 1, 1), result);
        await using var db = await _store.Factory.CreateDbContextAsync();
        Assert.Equal("""{"v":3}""", (await db.Records.SingleAsync(r => r.RecordKey == "HS-0008")).DataJson);
    }

    [Fact]
    public async Task Groups_of_other_units_and_sources_are_kept_apart()
    {
        await Store().UpsertAsync("one-stop", [Dossier(1), Dossier(1, unit: "que-an")]);

        var result = await Store().UpsertAsync("other-source", [Dossier(1, version: 2)]);

        Assert.Equal(new RecordUpsertResult(1, 0, 0), result);
        await using var db = await _store.Factory.CreateDbContextAsync();
        Assert.Equal(3, await db.Records.CountAsync());
        Assert.Empty(await db.RecordHistory.ToListAsync());
    }

    [Fact]
    public async Task Stored_data_reads_back_exactly_as_it_was_sent()
    {
        const string data = """{"co_quan":"Bộ phận \"Một cửa\" xã Quế Minh","ghi_chu":"dòng 1\ndòng 2 \\ hết","so":1.50}""";
        await Store().UpsertAsync("one-stop", [new RecordInput("que-minh", "dossier", "HS-HỒ-0001", data)]);

        await using var db = await _store.Factory.CreateDbContextAsync();
        var stored = await db.Records.SingleAsync();
        Assert.Equal(data, stored.DataJson);
        Assert.Equal(("one-stop", "que-minh", "dossier", "HS-HỒ-0001"), (stored.Source, stored.UnitCode, stored.Kind, stored.RecordKey));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, stored.FirstSeenAt);
        Assert.Equal(stored.FirstSeenAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task A_batch_of_several_chunks_reads_back_exactly_whatever_its_text_holds()
    {
        // New rows go to SQLite as JSON in chunks of 5,000 with the relaxed encoder: every character must come back as sent.
        string[] texts = ["<b>&amp;</b> 'x' + y", "Quế Minh – \"Một cửa\"", "😀 \u2028 \u0001 \\ /", "ký tự\tthẻ\r\n"];
        var batch = Enumerable.Range(1, 12_001)
            .Select(i => new RecordInput("que-minh", "dossier", $"HS-{i:00000}", $$"""{"ghi_chu":"{{texts[i % texts.Length]}} {{i}}","so":{{i}}.50}"""))
            .ToList();

        Assert.Equal(new RecordUpsertResult(12_001, 0, 0), await Store().UpsertAsync("one-stop", batch));

        await using var db = await _store.Factory.CreateDbContextAsync();
        var stored = await db.Records.ToDictionaryAsync(r => r.RecordKey, r => r.DataJson);
        Assert.Equal(batch.Count, stored.Count);
        Assert.All(batch, r => Assert.Equal(r.DataJson, stored[r.RecordKey]));
    }

    public void Dispose() => _store.Dispose();
}
