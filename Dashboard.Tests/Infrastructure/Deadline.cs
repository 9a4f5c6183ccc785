using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>A time limit on a stopwatch: how long a test waits never depends on the date or on the clock being set.</summary>
public readonly struct Deadline(TimeSpan limit)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public bool Passed => Stopwatch.GetElapsedTime(_start) > limit;
}
