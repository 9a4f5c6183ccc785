using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Live;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

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
    public async Task A_burst_of_changes_causes_few_callbacks_and_the_last_change_is_delivered()
    {
        var bus = new KpiChangeBus(TimeProvider.System, NullLogger<KpiChangeBus>.Instance);
        var calls = 0;
        using var _ = bus.OnChanged(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        for (var i = 0; i < 200; i++) bus.Publish(OneChange);
        // On a busy machine the callbacks may come late; they must come, and a burst must stay a handful.
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref calls) > 0), "the first callback");
        await Task.Delay(600);

        // Leading edge plus trailing edges at 100 ms: a handful at most, never one per change.
        Assert.InRange(calls, 1, 10);
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing()
    {
        var bus = new KpiChangeBus(TimeProvider.System, NullLogger<KpiChangeBus>.Instance);
        var calls = 0;
        var subscription = bus.OnChanged(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        subscription.Dispose();

        bus.Publish(OneChange);
        await Task.Delay(300);

        Assert.Equal(0, calls);
        Assert.Equal(0, bus.SubscriberCount);
    }

    [Fact]
    public void Direct_subscribers_receive_every_batch_and_a_failing_one_does_not_stop_the_others()
    {
        var bus = new KpiChangeBus(TimeProvider.System, NullLogger<KpiChangeBus>.Instance);
        var received = new List<IReadOnlyList<KpiSnapshot>>();
        using var failing = bus.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var ok = bus.Subscribe(received.Add);

        bus.Publish(OneChange);
        bus.Publish(OneChange);

        Assert.Equal(2, received.Count);
    }
}
