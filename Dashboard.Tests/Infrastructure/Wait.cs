namespace Dashboard.Tests.Infrastructure;

public static class Wait
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = new Deadline(timeout ?? Generous);
        while (true)
        {
            if (await condition()) return;
            if (deadline.Passed) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
