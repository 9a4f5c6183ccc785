namespace Dashboard.Shared.Time;

/// <summary>Schedules and "today" are Vietnamese local time; everything is stored as UTC.</summary>
public static class VietnamTime
{
    public const string ZoneId = "Asia/Ho_Chi_Minh";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToLocal(time.GetUtcNow()).DateTime);
}
