namespace Dashboard.Shared.Time;

/// <summary>A day of the Vietnamese lunar calendar: year, month (1–12), day (1–30), and whether the month is the leap one.</summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool Leap = false);

/// <summary>
/// The Vietnamese lunar calendar (âm lịch), for lunar years 1900–2199: months begin on the day of the new moon and the
/// 11th month holds the winter solstice; a year with 13 months repeats the first month that holds no major solar term.
/// Days are counted on the UTC+7 meridian (105°E), which is why Tết is sometimes a day or a month apart from the Chinese
/// New Year (1985, 2007, 2030). The new moons and the sun's longitude come from Jean Meeus' "Astronomical Algorithms"
/// series, accurate to minutes over these three centuries, which is enough as a lunar month starts on a whole day.
/// </summary>
public static class LunarCalendar
{
    public const int FirstYear = 1900;
    public const int LastYear = 2199;

    private const double TimeZone = 7.0;
    private const double SynodicMonth = 29.530588853;
    // The new moon of 1 January 1900 (Julian day), the origin of the new-moon count k.
    private const double NewMoonEpoch = 2415021.076998695;
    // Julian day number of DateOnly.DayNumber 0 (1 January 0001, proleptic Gregorian).
    private const int JulianDayOfDayNumberZero = 1721426;
    private const double Radians = Math.PI / 180;

    /// <summary>The solar date of a lunar date; an impossible one (no such leap month, a 30th in a 29-day month) is refused.</summary>
    public static DateOnly ToSolar(LunarDate date)
    {
        var (year, month, day, leap) = date;
        if (year is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Âm lịch chỉ tính cho các năm {FirstYear}–{LastYear}.");
        if (month is < 1 or > 12 || day is < 1 or > 30)
            throw new ArgumentOutOfRangeException(nameof(date), date, "Tháng âm lịch 1–12, ngày 1–30.");
        var start = MonthStart(year, month, leap)
            ?? throw new ArgumentOutOfRangeException(nameof(date), date, $"Năm âm lịch {year} không có tháng {month} nhuận.");
        var end = MonthStart(year, month, leap, next: true);
        if (start + day - 1 >= end)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Tháng {month}{(leap ? " nhuận" : "")} năm {year} chỉ có {end - start} ngày.");
        return FromJulianDay(start + day - 1);
    }

    /// <summary>The lunar date of a solar date (lunar years 1900–2199, so solar dates from 31 January 1900).</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        var jd = JulianDay(date);
        var k = (int)Math.Floor((jd - NewMoonEpoch) / SynodicMonth);
        // The mean month k+1 may begin after the day; the true new moon can lag the mean one enough that month k does too.
        var monthStart = NewMoonDay(k + 1);
        while (monthStart > jd) monthStart = NewMoonDay(k--);
        var a11 = Month11(date.Year);
        var b11 = a11;
        int lunarYear;
        if (a11 >= monthStart)
        {
            lunarYear = date.Year;
            a11 = Month11(date.Year - 1);
        }
        else
        {
            lunarYear = date.Year + 1;
            b11 = Month11(date.Year + 1);
        }
        var day = jd - monthStart + 1;
        var diff = (int)Math.Floor((monthStart - a11) / 29.0);
        var leap = false;
        var month = diff + 11;
        if (b11 - a11 > 365)
        {
            var leapDiff = LeapMonthOffset(a11);
            if (diff >= leapDiff)
            {
                month = diff + 10;
                leap = diff == leapDiff;
            }
        }
        if (month > 12) month -= 12;
        if (month >= 11 && diff < 4) lunarYear--;
        if (lunarYear is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Âm lịch chỉ tính cho các năm {FirstYear}–{LastYear}.");
        return new LunarDate(lunarYear, month, day, leap);
    }

    /// <summary>The leap month of a lunar year (its number: the leap month repeats it), or null in a 12-month year.</summary>
    public static int? LeapMonth(int year)
    {
        for (var month = 1; month <= 12; month++)
            if (MonthStart(year, month, leap: true) is not null) return month;
        return null;
    }

    /// <summary>Julian day of the first day of a lunar month (or of the month after it), null for a leap month the year has not.</summary>
    private static int? MonthStart(int year, int month, bool leap, bool next = false)
    {
        // Months are counted from the 11th month (the solstice's) of the lunar year before.
        var (a11, b11) = month < 11 ? (Month11(year - 1), Month11(year)) : (Month11(year), Month11(year + 1));
        var k = (int)Math.Floor(0.5 + (a11 - NewMoonEpoch) / SynodicMonth);
        var offset = month - 11;
        if (offset < 0) offset += 12;
        if (b11 - a11 > 365)
        {
            var leapOffset = LeapMonthOffset(a11);
            var leapMonth = leapOffset - 2;
            if (leapMonth < 0) leapMonth += 12;
            if (leap && month != leapMonth) return null;
            if (leap || offset >= leapOffset) offset++;
        }
        else if (leap)
        {
            return null;
        }
        // The month after a leap month, or after a month followed by its leap repeat, is always the next new moon.
        return NewMoonDay(k + offset + (next ? 1 : 0));
    }

    /// <summary>Julian day of the first day of the 11th lunar month of a solar year: the month that holds the winter solstice.</summary>
    private static int Month11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = (int)Math.Floor(off / SynodicMonth);
        var newMoon = NewMoonDay(k);
        // Past 270° (the solstice) by that new moon: the solstice's month began at the new moon before.
        return SunSector(newMoon) >= 9 ? NewMoonDay(k - 1) : newMoon;
    }

    /// <summary>After the 11th month starting at a11, how many months on the leap month comes: the first without a major term.</summary>
    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor((a11 - NewMoonEpoch) / SynodicMonth + 0.5);
        var i = 1;
        var sector = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = sector;
            i++;
            sector = SunSector(NewMoonDay(k + i));
        } while (sector != last && i < 14);
        return i - 1;
    }

    /// <summary>The local (UTC+7) Julian day number of the k-th new moon after 1 January 1900.</summary>
    private static int NewMoonDay(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * Radians);
        var m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * Radians; // sun's mean anomaly
        var mPrime = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * Radians; // moon's mean anomaly
        var f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * Radians; // moon's argument of latitude
        var c = (0.1734 - 0.000393 * t) * Math.Sin(m) + 0.0021 * Math.Sin(2 * m)
            - 0.4068 * Math.Sin(mPrime) + 0.0161 * Math.Sin(2 * mPrime)
            - 0.0004 * Math.Sin(3 * mPrime)
            + 0.0104 * Math.Sin(2 * f) - 0.0051 * Math.Sin(m + mPrime)
            - 0.0074 * Math.Sin(m - mPrime) + 0.0004 * Math.Sin(2 * f + m)
            - 0.0004 * Math.Sin(2 * f - m) - 0.0006 * Math.Sin(2 * f + mPrime)
            + 0.0010 * Math.Sin(2 * f - mPrime) + 0.0005 * Math.Sin(2 * mPrime + m);
        // Ephemeris time to universal time.
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return (int)Math.Floor(jd + c - deltaT + 0.5 + TimeZone / 24);
    }

    /// <summary>Which 30° sector (0–11) the sun's longitude is in at the start of a local day; 9 begins at the winter solstice.</summary>
    private static int SunSector(int julianDay)
    {
        var t = (julianDay - 2451545.5 - TimeZone / 24) / 36525; // Julian centuries from J2000
        var t2 = t * t;
        var m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * Radians; // mean anomaly
        var l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude
        var center = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(m)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * m) + 0.000290 * Math.Sin(3 * m);
        var longitude = (l0 + center) * Radians;
        longitude -= 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
        return (int)Math.Floor(longitude / Math.PI * 6);
    }

    private static int JulianDay(DateOnly date) => date.DayNumber + JulianDayOfDayNumberZero;

    private static DateOnly FromJulianDay(int julianDay) => DateOnly.FromDayNumber(julianDay - JulianDayOfDayNumberZero);
}
