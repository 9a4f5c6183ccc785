using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit;

public sealed class ChangeBusTests
{
    private static readonly KpiSnapshot[] OneChange =
    [
        KpiSnapshot.Empty("que-minh", new KpiDefinition("sipas", new("SIPAS", "SIPAS satisfaction"),
            new PlanSection("II.1", 9, "muc-tieu-chung", new("Mục tiêu chung", "Overall goals")), KpiUnit.Percent,
            new Target(TargetOperator.Gt, 90), 80, new Agency("van-phong", new("Văn phòng", "Office")), [], KpiBasis.Reading, "manual")),
    ];

    [Fact]
    public async Task A_burst_of_changes_causes_one_callback_per_throttle_interval_and_the_last_change_is_delivered()
    {
        var clock = new FakeTimeProvider(TestClock.Origin);
        var bus = new KpiChangeBus(clock, NullLogger<KpiChangeBus>.Instance);
        var calls = 0;
        using var _ = bus.OnChanged(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        // The first change after a quiet spell is delivered at once, without the clock moving.
        bus.Publish(OneChange);
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref calls) == 1), "the leading callback");

        // A burst inside the interval waits for it: nothing more can arrive until the clock reaches the interval's end.
        for (var i = 0; i < 200; i++) bus.Publish(OneChange);
        clock.Advance(KpiChangeBus.DefaultThrottle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, Volatile.Read(ref calls));

        // Then one callback for the whole burst: its last change goes out with it.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref calls) == 2), "the trailing callback");

        // After a quiet spell the next change is again delivered at once.
        clock.Advance(KpiChangeBus.DefaultThrottle * 3);
        bus.Publish(OneChange);
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref calls) == 3), "the next quiet spell's leading callback");
    }

    [Fact]
    public void A_disposed_subscription_gets_nothing()
    {
        var bus = new KpiChangeBus(new FakeTimeProvider(TestClock.Origin), NullLogger<KpiChangeBus>.Instance);
        var calls = 0;
        var subscription = bus.OnChanged(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        subscription.Dispose();

        // Publishing reaches only the subscribers present at that moment; a disposed one is gone before anything is scheduled.
        bus.Publish(OneChange);

        Assert.Equal(0, bus.SubscriberCount);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Direct_subscribers_receive_every_batch_and_a_failing_one_does_not_stop_the_others()
    {
        var bus = new KpiChangeBus(new FakeTimeProvider(TestClock.Origin), NullLogger<KpiChangeBus>.Instance);
        var received = new List<IReadOnlyList<KpiSnapshot>>();
        using var failing = bus.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var ok = bus.Subscribe(received.Add);

        bus.Publish(OneChange);
        bus.Publish(OneChange);

        Assert.Equal(2, received.Count);
    }

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Runs <paramref name="action"/> on a pool thread in <paramref name="culture"/>, leaving the caller's culture alone.</summary>
    private static Task InCulture(CultureInfo culture, Action action) => Task.Run(() =>
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        action();
    });

    [Fact]
    public async Task A_throttled_callback_runs_in_the_culture_of_the_page_that_subscribed_not_of_the_publisher()
    {
        var bus = new KpiChangeBus(new FakeTimeProvider(TestClock.Origin), NullLogger<KpiChangeBus>.Instance);
        var seen = new TaskCompletionSource<(string Culture, string UiCulture)>(TaskCreationOptions.RunContinuationsAsynchronously);
        IDisposable subscription = default!;
        // An English page subscribes; a job in Vietnamese publishes.
        await InCulture(English, () => subscription = bus.OnChanged(() =>
        {
            seen.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
            return Task.CompletedTask;
        }));
        using var _ = subscription;

        await InCulture(Vietnamese, () => bus.Publish(OneChange));

        Assert.Equal(("en-US", "en-US"), await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_direct_handler_runs_in_the_subscriber_culture_and_the_publisher_keeps_its_own()
    {
        var bus = new KpiChangeBus(new FakeTimeProvider(TestClock.Origin), NullLogger<KpiChangeBus>.Instance);
        string? seen = null;
        IDisposable subscription = default!;
        await InCulture(English, () => subscription = bus.Subscribe(_ => seen = CultureInfo.CurrentUICulture.Name));
        using var _ = subscription;

        string? publisherAfter = null;
        await InCulture(Vietnamese, () =>
        {
            bus.Publish(OneChange);
            publisherAfter = CultureInfo.CurrentUICulture.Name;
        });

        Assert.Equal("en-US", seen);
        Assert.Equal("vi-VN", publisherAfter);
    }
}
