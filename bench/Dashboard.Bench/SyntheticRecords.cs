using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;

namespace Dashboard.Bench;

/// <summary>
/// A commune's records, made up but shaped like a real one's, the same for the same seed: dossiers over the 13 months
/// before "now" (office hours, weekdays), 50 procedures with their processing times, feedback, reports, tasks,
/// documents and a few investment projects. Facts are built directly (no JSON); every string is a fresh one per record,
/// as the JSON reader makes them, so the memory they take is the cache's.
/// </summary>
public sealed class SyntheticRecords(DateTimeOffset now)
{
    public const int Procedures = 50;
    public const int FeedbackPerCommune = 300;
    public const int ReportsPerCommune = 150;
    public const int TasksPerCommune = 200;
    public const int DocumentsPerCommune = 3_000;
    public const int ProjectsPerCommune = 5;
    private const int Days = 395; // about 13 months back from today

    private static readonly string[] Agencies = ["van-phong", "tu-phap-ho-tich", "dia-chinh-xay-dung", "tai-chinh-ke-toan", "van-hoa-thong-tin", "lao-dong-xa-hoi"];
    private static readonly int[] ProcessingDays = [1, 1, 2, 3, 3, 5, 5, 7, 10, 15, 20, 30];

    private readonly long _now = now.UtcTicks;
    private readonly DateOnly _today = DateOnly.FromDateTime(Dashboard.Shared.Time.VietnamTime.ToLocal(now).DateTime);

    /// <summary>One commune's records. <paramref name="dossierJson"/>, when given, receives each dossier as the importer stores it.</summary>
    public UnitRecords Commune(string unit, int dossiers, int seed, List<(string Kind, string Key, string Json)>? dossierJson = null) =>
        new(unit, Facts(unit, dossiers, seed, dossierJson));

    public IEnumerable<object> Facts(string unit, int dossiers, int seed, List<(string Kind, string Key, string Json)>? dossierJson = null)
    {
        var rng = new Random(seed);
        var procedures = new (ProcedureFact Fact, int Days)[Procedures];
        for (var i = 0; i < Procedures; i++)
        {
            var code = $"1.00{1000 + i * 37:0000}";
            procedures[i] = (new ProcedureFact(code, $"Thủ tục {code}", rng.NextDouble() < 0.95, rng.NextDouble() < 0.98, rng.NextDouble() < 0.9,
                rng.NextDouble() < 0.85, rng.NextDouble() < 0.4, rng.NextDouble() < 0.35), ProcessingDays[rng.Next(ProcessingDays.Length)]);
            yield return procedures[i].Fact;
        }

        for (var i = 0; i < dossiers; i++)
        {
            // A few procedures (civil status, certification) take most of the dossiers.
            var (procedure, days) = procedures[(int)(Procedures * Math.Pow(rng.NextDouble(), 2.5))];
            var received = OfficeHours(rng);
            var receivedDay = LocalDay(received);
            var dueDay = receivedDay.AddDays(days);
            var pastDue = Midnight(dueDay.AddDays(1));
            var outcome = rng.NextDouble();
            var finished = outcome < 0.88 ? received + (long)((pastDue - received) * (0.1 + 0.85 * rng.NextDouble()))
                : outcome < 0.97 ? pastDue + TimeSpan.FromDays(0.05 + 10 * rng.NextDouble()).Ticks
                : long.MaxValue; // stuck
            if (finished >= _now) finished = long.MaxValue; // not returned yet
            else finished -= finished % TimeSpan.TicksPerSecond; // stored to the second
            var late = finished == long.MaxValue ? _now >= pastDue : finished >= pastDue;
            var channelDraw = rng.NextDouble();
            var channel = procedure.EligibleEndToEnd
                ? channelDraw < 0.40 ? Channel.InPerson : channelDraw < 0.65 ? Channel.OnlinePartial : channelDraw < 0.95 ? Channel.OnlineEndToEnd : Channel.Post
                : channelDraw < 0.55 ? Channel.InPerson : channelDraw < 0.95 ? Channel.OnlinePartial : Channel.Post;
            var online = channel is Channel.OnlinePartial or Channel.OnlineEndToEnd;
            var fact = new DossierFact(
                string.Create(CultureInfo.InvariantCulture, $"{unit}-{receivedDay:yyMMdd}-{i:000000}"),
                Fresh(Agencies[rng.Next(Agencies.Length)]),
                received, pastDue, finished, Fresh(procedure.Key), channel,
                Apology: late && rng.NextDouble() < 0.6,
                DigitizedResult: finished != long.MaxValue && rng.NextDouble() < 0.8,
                PaidOnline: online && procedure.HasFee && rng.NextDouble() < 0.55);
            dossierJson?.Add(("dossier", fact.Key, Json(fact, dueDay)));
            yield return fact;
        }

        for (var i = 0; i < FeedbackPerCommune; i++)
        {
            var day = Day(rng);
            var pastDue = Midnight(day.AddDays(11)); // 10 days to handle it
            var outcome = rng.NextDouble();
            var finished = outcome < 0.85 ? Midnight(day.AddDays(rng.Next(0, 11)))
                : outcome < 0.95 ? pastDue + TimeSpan.FromDays(rng.Next(0, 10)).Ticks
                : long.MaxValue;
            if (finished >= _now) finished = long.MaxValue;
            decimal? satisfaction = finished != long.MaxValue && rng.NextDouble() < 0.6 ? 50 + rng.Next(0, 51) : null;
            yield return new FeedbackFact(Fresh($"PA-{unit}-{i:0000}"), Fresh(Agencies[rng.Next(Agencies.Length)]), Midnight(day), pastDue, finished, satisfaction);
        }

        for (var i = 0; i < ReportsPerCommune; i++)
        {
            var due = Day(rng, ahead: 30);
            var pastDue = Midnight(due.AddDays(1));
            var outcome = rng.NextDouble();
            var finished = outcome < 0.85 ? Midnight(due.AddDays(-rng.Next(0, 5)))
                : outcome < 0.95 ? Midnight(due.AddDays(rng.Next(1, 8)))
                : long.MaxValue;
            if (finished >= _now) finished = long.MaxValue;
            yield return new ReportFact(Fresh($"BC-{unit}-{i:0000}"), Fresh($"Báo cáo định kỳ {i % 12 + 1}"), Fresh(Agencies[rng.Next(Agencies.Length)]),
                due.ToString("yyyy-MM", CultureInfo.InvariantCulture), due, pastDue, finished);
        }

        for (var i = 0; i < TasksPerCommune; i++)
        {
            var assigned = Day(rng);
            var due = assigned.AddDays(rng.Next(15, 61));
            var pastDue = Midnight(due.AddDays(1));
            var outcome = rng.NextDouble();
            var finished = outcome < 0.80 ? Midnight(assigned.AddDays(rng.Next(1, due.DayNumber - assigned.DayNumber + 1)))
                : outcome < 0.95 ? Midnight(due.AddDays(rng.Next(1, 20)))
                : long.MaxValue;
            if (finished >= _now) finished = long.MaxValue;
            yield return new TaskFact(Fresh($"NV-{unit}-{i:0000}"), Fresh($"Nhiệm vụ huyện giao {i}"), Fresh(Agencies[rng.Next(Agencies.Length)]),
                Midnight(assigned), pastDue, finished);
        }

        for (var i = 0; i < DocumentsPerCommune; i++)
            yield return new DocumentFact(Fresh($"VB-{unit}-{i:00000}"), rng.NextDouble() < 0.5, rng.NextDouble() < 0.85, rng.NextDouble() < 0.02, Day(rng));

        for (var i = 0; i < ProjectsPerCommune; i++)
        {
            var plan = 500_000_000m + rng.Next(0, 4_500) * 1_000_000m;
            // The last project is last year's, as the cache keeps it.
            var day = i == ProjectsPerCommune - 1 ? new DateOnly(_today.Year - 1, 12, 20) : _today.AddDays(-rng.Next(0, 60));
            yield return new DisbursementFact(Fresh($"DA-{unit}-{i}"), Fresh($"Dự án {i + 1}"), plan,
                Math.Round(plan * (decimal)(0.3 + 0.75 * rng.NextDouble()) / 1_000_000m) * 1_000_000m, day);
        }
    }

    /// <summary>Yearly readings for every catalog KPI that no record measure fills (SIPAS, staffing…), as a province would enter them.</summary>
    public IEnumerable<Reading> ReadingsOf(KpiCatalog catalog, string unit, int seed)
    {
        var rng = new Random(seed);
        foreach (var kpi in catalog.Kpis.Where(k => Measures.ForKpi(k.Code) is null && k.Unit is KpiUnit.Percent or KpiUnit.Count))
            yield return new Reading
            {
                UnitCode = unit, KpiCode = kpi.Code, Period = _today.Year.ToString(CultureInfo.InvariantCulture), Source = "manual",
                Value = kpi.Unit == KpiUnit.Count ? rng.Next(0, 4) : 70 + rng.Next(0, 31),
            };
    }

    /// <summary>The normalised JSON the importer stores for a dossier (docs/feeds.md).</summary>
    private static string Json(DossierFact d, DateOnly dueDay)
    {
        var returned = d.IsFinished ? "\"" + Iso(d.Finished) + "\"" : "null";
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"ma_thu_tuc":"{{d.Procedure}}","ngay_nhan":"{{Iso(d.Received)}}","han_tra":"{{dueDay:yyyy-MM-dd}}","ngay_tra":{{returned}},"kenh":"{{ChannelCode(d.Channel)}}","thu_xin_loi":{{Bool(d.Apology)}},"so_hoa_ket_qua":{{Bool(d.DigitizedResult)}},"thanh_toan_truc_tuyen":{{Bool(d.PaidOnline)}},"co_quan":"{{d.Agency}}"}""");
    }

    private static string Iso(long utcTicks) => new DateTime(utcTicks, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";

    private static string ChannelCode(Channel c) => c switch
    {
        Channel.OnlinePartial => "truc-tuyen-mot-phan",
        Channel.OnlineEndToEnd => "truc-tuyen-toan-trinh",
        Channel.Post => "buu-chinh",
        _ => "truc-tiep",
    };

    private static string Fresh(string s) => new(s.AsSpan());

    /// <summary>A weekday in the last 13 months (or up to <paramref name="ahead"/> days ahead).</summary>
    private DateOnly Day(Random rng, int ahead = 0)
    {
        while (true)
        {
            var day = _today.AddDays(rng.Next(-Days, ahead + 1));
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) return day;
        }
    }

    /// <summary>A moment in office hours (07:30–17:00 local) on a weekday of the last 13 months, before now; UTC ticks, to the second.</summary>
    private long OfficeHours(Random rng)
    {
        while (true)
        {
            var local = Day(rng).ToDateTime(new TimeOnly(7, 30)).AddSeconds(rng.Next(0, 9 * 3600 + 1800));
            var utc = local.Ticks - Dashboard.Shared.Time.VietnamTime.Zone.GetUtcOffset(local).Ticks;
            if (utc < _now) return utc;
        }
    }

    private static DateOnly LocalDay(long utcTicks) =>
        DateOnly.FromDateTime(Dashboard.Shared.Time.VietnamTime.ToLocal(new DateTimeOffset(utcTicks, TimeSpan.Zero)).DateTime);

    /// <summary>Local midnight of a day, in UTC ticks (how a bare date is read).</summary>
    private static long Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return local.Ticks - Dashboard.Shared.Time.VietnamTime.Zone.GetUtcOffset(local).Ticks;
    }
}
