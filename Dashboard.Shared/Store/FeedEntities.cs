namespace Dashboard.Shared.Store;

/// <summary>A source of figures as office staff configure it on /feeds. Seeded from configuration, then edited in the app.</summary>
public sealed class FeedRow
{
    /// <summary>Stable kebab-case id; readings it delivers carry it as their source.</summary>
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    /// <summary>Six- or five-field cron in Asia/Ho_Chi_Minh; null for feeds that are pushed to us (webhook, manual).</summary>
    public string? Cron { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>How often the source is expected to deliver; its KPIs inherit it for freshness.</summary>
    public int CadenceMinutes { get; set; }
    /// <summary>Kind-specific settings (URL, mapping…) as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";
    public bool Enabled { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
}

public static class FeedOutcome
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>What started a run (<see cref="FeedRun.Trigger"/>).</summary>
public static class FeedTriggers
{
    /// <summary>The feed's recurring job.</summary>
    public const string Schedule = "schedule";
    /// <summary>"Run now" on /feeds.</summary>
    public const string Manual = "manual";
    /// <summary>A file uploaded on /import (before API imports had their own trigger, those were recorded as this too).</summary>
    public const string Upload = "upload";
    /// <summary>A file posted to <c>POST /api/v1/imports</c>.</summary>
    public const string Api = "api";
    /// <summary>Records posted to <c>POST /api/v1/records/{kind}</c>.</summary>
    public const string Webhook = "webhook";
    /// <summary>A file dropped into the watched folder.</summary>
    public const string Folder = "folder";
}

/// <summary>One run of a feed: when, how it ended, what it accepted and rejected.</summary>
public sealed class FeedRun
{
    public long Id { get; set; }
    public required string FeedId { get; set; }
    /// <summary>One of <see cref="FeedTriggers"/>.</summary>
    public required string Trigger { get; set; }
    /// <summary>The account (or <c>api-key:name</c>) that started it; null for the schedule, "run now" and the watched folder.</summary>
    public string? StartedBy { get; set; }
    /// <summary>
    /// The units whose rows the run carried (accepted or rejected) and the unit chosen on upload, as <c>,que-an,que-minh,</c>;
    /// empty when it carried none (a whole-file failure, a source that did not answer); null for runs recorded before
    /// units were kept. Who may read the run follows from it (docs/feeds.md).
    /// </summary>
    public string? Units { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string Outcome { get; set; } = FeedOutcome.Running;
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public int Changed { get; set; }
    public string? Error { get; set; }
    public List<FeedRejection> Rejections { get; set; } = [];
}

/// <summary>A row a run refused, with the reason in Vietnamese, so staff can fix it at the source.</summary>
public sealed class FeedRejection
{
    public long Id { get; set; }
    public long RunId { get; set; }
    /// <summary>Row number as the user sees it (item number for JSON sources).</summary>
    public int Row { get; set; }
    public required string Field { get; set; }
    public required string Reason { get; set; }
    /// <summary>The row's unit when it could be read (null for a row without a known unit).</summary>
    public string? UnitCode { get; set; }
}

/// <summary>The list of units kept on <see cref="FeedRun.Units"/>.</summary>
public static class RunUnits
{
    /// <summary>Delimited at both ends, so one unit is found with <c>Contains(",code,")</c>, also in SQL.</summary>
    public static string Join(IEnumerable<string?> units)
    {
        var list = units.Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : "," + string.Join(',', list) + ",";
    }

    public static IReadOnlyList<string> Split(string? units) =>
        string.IsNullOrEmpty(units) ? [] : units.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string Token(string unit) => "," + unit + ",";
}

/// <summary>One edit of a figure entered by hand: who, when, the old and the new value.</summary>
public sealed class ManualEntryAudit
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Who { get; set; }
    public required string UnitCode { get; set; }
    public required string KpiCode { get; set; }
    public required string Period { get; set; }
    public decimal? OldValue { get; set; }
    public decimal NewValue { get; set; }
    public string? Note { get; set; }
}
