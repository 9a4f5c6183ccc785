namespace Dashboard.Shared.Store;

/// <summary>
/// An email digest someone subscribed to on /digests: who receives it, in which language, about which unit, when
/// (cron in Asia/Ho_Chi_Minh) and with what content. Its Hangfire recurring job is <c>digest-{Id}</c>.
/// </summary>
public sealed class DigestSubscription
{
    public long Id { get; set; }
    /// <summary>The account that owns it: a Viewer sees and edits only their own.</summary>
    public required string Owner { get; set; }
    public required string Name { get; set; }
    /// <summary>Addresses, one per line.</summary>
    public required string Recipients { get; set; }
    /// <summary>"vi" (default) or "en".</summary>
    public string Language { get; set; } = "vi";
    public required string UnitCode { get; set; }
    /// <summary>working-days, monday, month-start or custom.</summary>
    public string Preset { get; set; } = "working-days";
    public required string Cron { get; set; }
    /// <summary>The job skips weekends and the public holidays of seeds/holidays (its cron fires every weekday).</summary>
    public bool WorkingDaysOnly { get; set; }
    /// <summary>all, off-track or areas.</summary>
    public string Content { get; set; } = "all";
    /// <summary>Plan section codes (e.g. "2.1,3.2") when <see cref="Content"/> is "areas".</summary>
    public string Areas { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class DigestState
{
    /// <summary>Claimed before sending; a claim left by a crash is sent on the next run with the same Message-ID.</summary>
    public const string Claimed = "claimed";
    public const string Sent = "sent";
    /// <summary>The last attempt failed; the next attempt (Hangfire retry or the next run) sends it with the same Message-ID.</summary>
    public const string Failed = "failed";
    /// <summary>Sent, but late: due while no job node was running, and sent by the start-up catch-up.</summary>
    public const string Late = "late";
    /// <summary>Never sent: due while no job node was running, and older than the occurrences the catch-up still sends.</summary>
    public const string Missed = "missed";

    /// <summary>The message went out (on time or late): never to be sent again, and what the next digest compares with.</summary>
    public static bool IsSent(string state) => state is Sent or Late;
}

/// <summary>
/// One digest of one subscription for one period (the scheduled local time of its occurrence): claimed before it is
/// sent, with its Message-ID, and marked sent after. Unique per (subscription, period), which is what makes it exactly once.
/// </summary>
public sealed class DigestDelivery
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    /// <summary>The occurrence's scheduled local time, "yyyy-MM-dd HH:mm" (Asia/Ho_Chi_Minh).</summary>
    public required string PeriodKey { get; set; }
    /// <summary>The same instant in UTC.</summary>
    public DateTime ScheduledAt { get; set; }
    public required string MessageId { get; set; }
    public string State { get; set; } = DigestState.Claimed;
    public int Attempts { get; set; }
    public DateTime ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Recipients the server refused, one per line, with its answer; the others still received the digest.</summary>
    public string? Refused { get; set; }
    /// <summary>KPI values this digest showed (JSON code → value), so the next one can say what changed.</summary>
    public string Figures { get; set; } = "{}";
}
