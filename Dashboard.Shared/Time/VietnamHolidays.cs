using System.Globalization;
using Dashboard.Shared.Catalog;

namespace Dashboard.Shared.Time;

/// <summary>A public holiday (or a day off in lieu of one): its date and its name in Vietnamese and English.</summary>
public sealed record Holiday(DateOnly Date, LocalizedText Name);

/// <summary>
/// The public holidays of a year as the Labour Code 2019 (art. 112) sets them, for a year without the Government's
/// official list: New Year's Day; Tết, the last day of the lunar year and the first four of the new one; the Hùng Kings'
/// day (10th of the 3rd lunar month); 30 April; 1 May; 2 September and a day next to it. A holiday on a Saturday or a
/// Sunday (the weekly rest of the public service) gives a day off in lieu on the next working day (art. 112, cl. 3).
/// The Government's yearly announcement can move days (a Saturday worked to bridge a gap): its file wins over this.
/// </summary>
public static class VietnamHolidays
{
    /// <summary>Gregorian years with a computed list: Tết needs the lunar year, and lunar years run 1900–2199.</summary>
    public static bool Covers(int year) => year is >= LunarCalendar.FirstYear and <= LunarCalendar.LastYear;

    /// <summary>The holidays of a year and the days in lieu, by date.</summary>
    public static IReadOnlyList<Holiday> For(int year)
    {
        if (!Covers(year))
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Ngày nghỉ lễ chỉ tính được cho các năm {LunarCalendar.FirstYear}–{LunarCalendar.LastYear}.");
        var tet = LunarCalendar.ToSolar(new LunarDate(year, 1, 1));
        var eve = tet.AddDays(-1);
        var eveDay = LunarCalendar.FromSolar(eve).Day;
        var holidays = new List<Holiday>
        {
            new(new DateOnly(year, 1, 1), new("Tết Dương lịch", "New Year's Day")),
            new(eve, new($"Tết Nguyên Đán ({eveDay} tháng Chạp)", "Lunar New Year (Tết), last day of the year")),
        };
        string[] ordinals = ["1st", "2nd", "3rd", "4th"];
        for (var i = 0; i < 4; i++)
            holidays.Add(new(tet.AddDays(i), new($"Tết Nguyên Đán (mùng {i + 1})", $"Lunar New Year (Tết), {ordinals[i]} day")));
        holidays.Add(new(LunarCalendar.ToSolar(new LunarDate(year, 3, 10)),
            new("Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration (10th of the 3rd lunar month)")));
        holidays.Add(new(new DateOnly(year, 4, 30), new("Ngày Giải phóng miền Nam, thống nhất đất nước", "Reunification Day")));
        holidays.Add(new(new DateOnly(year, 5, 1), new("Ngày Quốc tế Lao động", "International Labour Day")));
        var nationalDay = new DateOnly(year, 9, 2);
        holidays.Add(new(nationalDay, new("Quốc khánh", "National Day")));
        holidays.Add(new(NationalDayNeighbour(nationalDay), new("Quốc khánh (ngày nghỉ liền kề)", "National Day (adjacent day)")));
        holidays.Sort((a, b) => a.Date.CompareTo(b.Date));
        return [.. holidays, .. InLieu(holidays)];
    }

    /// <summary>
    /// The day next to 2 September: the one that joins the break to a weekend, as the Government has chosen it (3 Sep when
    /// the 2nd is a Monday or a Thursday, else 1 Sep: Tuesday 2025 → Monday 1st, Friday 2022 → Thursday 1st, Saturday
    /// 2023 → Friday 1st and Monday 4th in lieu).
    /// </summary>
    private static DateOnly NationalDayNeighbour(DateOnly nationalDay) =>
        nationalDay.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday ? nationalDay.AddDays(1) : nationalDay.AddDays(-1);

    /// <summary>For each holiday on a weekend, in date order, the next weekday that is neither a holiday nor already a day in lieu.</summary>
    private static List<Holiday> InLieu(List<Holiday> holidays)
    {
        var taken = holidays.Select(h => h.Date).ToHashSet();
        var result = new List<Holiday>();
        foreach (var holiday in holidays.Where(h => IsWeekend(h.Date)))
        {
            var day = holiday.Date.AddDays(1);
            while (IsWeekend(day) || taken.Contains(day)) day = day.AddDays(1);
            taken.Add(day);
            var (vi, en) = holiday.Date.DayOfWeek == DayOfWeek.Saturday ? ("thứ Bảy", "a Saturday") : ("Chủ nhật", "a Sunday");
            var date = holiday.Date.ToString("d/M", CultureInfo.InvariantCulture);
            var dateEn = holiday.Date.ToString("d MMM", CultureInfo.InvariantCulture);
            result.Add(new(day, new($"Nghỉ bù {holiday.Name.Vi} ({date} là {vi})", $"{holiday.Name.En}, in lieu ({dateEn} is {en})")));
        }
        return result;
    }

    private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
