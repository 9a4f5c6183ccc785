using Dashboard.Shared.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// One app with demo data for all the tests of a class that only read its pages (layout, accessibility, the
/// Content-Security-Policy, the tablet): demo data fills every KPI and a year of records, the longest names, lists and
/// figures the pages can carry. Started once per class (<c>IClassFixture&lt;DemoSite&gt;</c>) rather than once per test:
/// a demo year takes seconds to write and score, and the first page of a fresh app waits for it.
/// </summary>
public sealed class DemoSite : IDisposable
{
    private readonly SemaphoreSlim _drafting = new(1, 1);
    private string? _draft;

    public DashboardApp App { get; } = new(demoData: true);

    /// <summary>
    /// The edit page of a draft plan (2027, copied from the plan in force in 2023), created on first use: every known KPI
    /// as a row of labelled fields, the widest table of the admin pages.
    /// </summary>
    public async Task<string> PlanDraftAsync()
    {
        await _drafting.WaitAsync();
        try
        {
            if (_draft is null)
            {
                var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                var draft = await App.Services.GetRequiredService<PlanBook>().CreateAsync(2027, 2023, DashboardApp.AdminName, now);
                _draft = $"/admin/plans/{draft.Id}";
            }
            return _draft;
        }
        finally
        {
            _drafting.Release();
        }
    }

    public void Dispose() => App.Dispose();
}
