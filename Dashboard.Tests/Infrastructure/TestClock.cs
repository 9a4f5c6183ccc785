using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The one clock of the tests. Every date a test sees starts at <see cref="Origin"/>, whatever day the suite runs on.
/// A host needs time to pass (the change bus throttles re-renders with a delay on this clock), so a ticking clock moves
/// on by the elapsed time of the run; a test that needs an exact instant stops it (<see cref="Stop"/>) and sets or
/// advances it by hand. Elapsed time is never read from the date: only from a stopwatch.
/// </summary>
public sealed class TestClock : FakeTimeProvider, IDisposable
{
    /// <summary>Friday 27 November 2026, 10:00 in Vietnam: a working day in the middle of a working week, well inside its month and year.</summary>
    public static readonly DateTimeOffset Origin = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(7));

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticking = Task.CompletedTask;
    private bool _disposed;

    /// <param name="ticking">False for a clock that moves only when the test moves it.</param>
    public TestClock(DateTimeOffset? start = null, bool ticking = true) : base(start ?? Origin)
    {
        if (ticking) _ticking = TickAsync(_stop.Token);
    }

    /// <summary>The calendar day in Vietnam.</summary>
    public DateOnly Today => Dashboard.Shared.Time.VietnamTime.Today(this);

    /// <summary>From now on the clock moves only by <see cref="FakeTimeProvider.Advance"/> and <see cref="FakeTimeProvider.SetUtcNow"/>.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _ticking.GetAwaiter().GetResult();
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        var moved = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(10, ct); }
            catch (OperationCanceledException) { return; }
            var now = elapsed.Elapsed;
            Advance(now - moved);
            moved = now;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Stop();
        _stop.Dispose();
    }
}
