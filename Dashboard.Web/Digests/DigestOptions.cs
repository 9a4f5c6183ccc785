namespace Dashboard.Web.Digests;

/// <summary>How the SMTP server is reached; from configuration or the environment (<c>Smtp__Password</c>), never stored in the app.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. <c>"UBND xã Quế Minh &lt;bantin@queminh.gov.vn&gt;"</c>.</summary>
    public string From { get; set; } = "Bảng điều hành CCHC <dashboard@localhost>";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }

public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>The dashboard's address as readers reach it, for the links in a digest (e.g. https://dashboard.queminh.local).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5284";

    /// <summary>The most addresses one subscription may send to.</summary>
    public int MaxRecipients { get; set; } = 50;

    /// <summary>How many records of each overdue kind a digest lists before it says "and N more".</summary>
    public int OverdueListed { get; set; } = 10;

    /// <summary>
    /// At start, how far back a job node looks for occurrences that were due while no job node ran (docs/digests.md,
    /// "Catching up after downtime"). Older ones leave no row.
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// How many of the latest missed occurrences of each subscription are still sent (late) at start; the earlier ones are
    /// recorded as missed. 0 sends none.
    /// </summary>
    public int CatchUpSend { get; set; } = 1;

    /// <summary>
    /// From this month (1–12) of a year on, a missing official holiday file for the next year is reported: /health/ready
    /// says Degraded ("holidays") and /feeds shows a warning (docs/digests.md, "Working days").
    /// </summary>
    public int HolidayListDueMonth { get; set; } = 10;
}
