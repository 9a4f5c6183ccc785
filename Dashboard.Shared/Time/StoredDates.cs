namespace Dashboard.Shared.Time;

/// <summary>
/// The two shapes a record's dates are stored in: a local calendar day ("2026-11-27") and a UTC instant to the second
/// ("2026-11-27T01:30:00Z"). Written and read digit by digit: an import writes two or three of them per record and the
/// record cache reads every one back, and DateTime's format strings cost more than the rest of the record.
/// </summary>
public static class StoredDates
{
    /// <summary>yyyy-MM-dd, as <c>ToString("yyyy-MM-dd", InvariantCulture)</c> writes it (the year in four digits).</summary>
    public static string Day(DateTime day) => string.Create(10, day, static (span, d) => WriteDay(span, d));

    /// <summary>yyyy-MM-ddTHH:mm:ssZ of a UTC time, as <c>ToString("yyyy-MM-ddTHH:mm:ssZ", InvariantCulture)</c> writes it.</summary>
    public static string Instant(DateTime utc) => string.Create(20, utc, static (span, t) =>
    {
        WriteDay(span, t);
        span[10] = 'T';
        Two(span[11..], t.Hour);
        span[13] = ':';
        Two(span[14..], t.Minute);
        span[16] = ':';
        Two(span[17..], t.Second);
        span[19] = 'Z';
    });

    /// <summary>Reads exactly yyyy-MM-dd; false for anything else, a day no calendar has included.</summary>
    public static bool TryReadDay(ReadOnlySpan<char> text, out DateOnly day)
    {
        day = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var dayOfMonth)
            || year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
            return false;
        day = new DateOnly(year, month, dayOfMonth);
        return true;
    }

    /// <summary>Reads exactly yyyy-MM-ddTHH:mm:ssZ as a UTC time; false for anything else (a fraction, an offset, 24:00).</summary>
    public static bool TryReadInstant(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        if (text.Length != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z'
            || !TryReadDay(text[..10], out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        utc = day.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc);
        return true;
    }

    private static void WriteDay(Span<char> span, DateTime d)
    {
        Two(span, d.Year / 100);
        Two(span[2..], d.Year % 100);
        span[4] = '-';
        Two(span[5..], d.Month);
        span[7] = '-';
        Two(span[8..], d.Day);
    }

    private static void Two(Span<char> span, int value)
    {
        span[0] = (char)('0' + value / 10);
        span[1] = (char)('0' + value % 10);
    }

    private static bool Digits(ReadOnlySpan<char> text, int at, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(at, count))
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
