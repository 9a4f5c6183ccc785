using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Hangfire;

namespace Dashboard.Jobs.Jobs;

/// <summary>Registers the recurring jobs with stable kebab-case ids, in Vietnamese time.</summary>
public static class JobSchedule
{
    public static string FeedJobId(string feedId) => $"feed-{feedId}";

    /// <summary>Adds, updates or removes the recurring job of one feed; called at start-up and whenever a feed is edited.</summary>
    public static void Register(IRecurringJobManager jobs, FeedRow feed)
    {
        if (feed.Enabled && !string.IsNullOrWhiteSpace(feed.Cron))
        {
            jobs.AddOrUpdate<FeedJob>(FeedJobId(feed.Id), j => j.RunAsync(feed.Id, null, CancellationToken.None), feed.Cron,
                new RecurringJobOptions { TimeZone = VietnamTime.Zone });
        }
        else
        {
            jobs.RemoveIfExists(FeedJobId(feed.Id));
        }
    }
}
