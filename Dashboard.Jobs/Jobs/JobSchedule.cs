using Dashboard.Jobs.Feeds;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Time;
using Hangfire;

namespace Dashboard.Jobs.Jobs;

/// <summary>Registers the recurring jobs with stable kebab-case ids, in Vietnamese time.</summary>
public static class JobSchedule
{
    public const string SimulatorJobId = "feed-simulator";

    public static void Register(IRecurringJobManager jobs, DemoDataOptions demo)
    {
        if (demo.Enabled)
        {
            jobs.AddOrUpdate<FeedJob>(SimulatorJobId, j => j.RunAsync(SimulatorFeed.FeedId, CancellationToken.None), demo.Cron,
                new RecurringJobOptions { TimeZone = VietnamTime.Zone });
        }
        else
        {
            jobs.RemoveIfExists(SimulatorJobId);
        }
    }
}
