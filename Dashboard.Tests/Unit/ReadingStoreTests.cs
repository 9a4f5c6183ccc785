using Microsoft.Extensions.Time.Testing;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Unit;

/// <summary>
/// The store's hand-written SQL against what EF Core reads back: new rows go into SQLite as JSON text, updates through
/// parameters, and both must come back as the same decimals and UTC times.
/// </summary>
public sealed class ReadingStoreTests : IDisposable
{
    private readonly SqliteStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 2, 30, 15, 123, TimeSpan.Zero).AddTicks(4567));

    private static ReadingInput Input(string kpi, decimal value, string period = "2026") => new("que-minh", kpi, period, "khao-sat", value);

    [Fact]
    public async Task New_and_changed_readings_read_back_exactly_with_their_history()
    {
        var store = new ReadingStore(_store.Factory, _clock);
        decimal[] values = [0m, 92.5m, 100m, 1_234_567_890.1234m, 0.0001m, 7m];
        var created = await store.UpsertAsync(values.Select((v, i) => Input("kpi-" + i, v)).ToList());
        Assert.All(created, c => Assert.Null(c.OldValue));
        var first = _clock.GetUtcNow().UtcDateTime;

        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            var rows = await db.Readings.AsNoTracking().OrderBy(r => r.KpiCode).ToListAsync();
            Assert.Equal(values, rows.Select(r => r.Value));
            Assert.All(rows, r => Assert.Equal((first, DateTimeKind.Utc), (r.UpdatedAt, r.UpdatedAt.Kind)));
            Assert.All(rows, r => Assert.Equal(first, r.LastSeenAt));
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = _clock.GetUtcNow().UtcDateTime;
        // One changed, one sent again unchanged, one new.
        var changes = await store.UpsertAsync([Input("kpi-1", 93.25m), Input("kpi-2", 100m), Input("kpi-9", 1m)]);
        Assert.Equal([("kpi-1", (decimal?)92.5m), ("kpi-9", null)], changes.Select(c => (c.KpiCode, c.OldValue)).OrderBy(c => c.KpiCode));

        await using (var db = await _store.Factory.CreateDbContextAsync())
        {
            var rows = await db.Readings.AsNoTracking().ToDictionaryAsync(r => r.KpiCode);
            Assert.Equal((93.25m, second, second), (rows["kpi-1"].Value, rows["kpi-1"].UpdatedAt, rows["kpi-1"].LastSeenAt));
            Assert.Equal((100m, first, second), (rows["kpi-2"].Value, rows["kpi-2"].UpdatedAt, rows["kpi-2"].LastSeenAt));
            Assert.Equal((1m, second), (rows["kpi-9"].Value, rows["kpi-9"].UpdatedAt));
            Assert.Equal((0m, first), (rows["kpi-0"].Value, rows["kpi-0"].LastSeenAt));
            var history = Assert.Single(await db.ReadingHistory.AsNoTracking().ToListAsync());
            Assert.Equal((rows["kpi-1"].Id, 92.5m, first, second), (history.ReadingId, history.Value, history.ValidFrom, history.ReplacedAt));
        }
    }

    [Fact]
    public async Task A_batch_with_a_key_twice_is_refused_and_stores_nothing()
    {
        var store = new ReadingStore(_store.Factory, _clock);
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([Input("sipas", 1m), Input("sipas", 2m)]));
        await using var db = await _store.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Readings.CountAsync());
    }

    public void Dispose() => _store.Dispose();
}
