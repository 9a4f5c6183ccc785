using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Jobs.Feeds;

/// <summary>
/// Demo records for every commune (source = simulator): a year of dossiers, feedback, reports, tasks, documents and
/// projects, so the drill-down and the scores have something behind them. Later runs add a dossier or two and return
/// an open one, so the figures computed from records move like real ones.
/// </summary>
public sealed class DemoRecords(
    UnitDirectory units,
    RecordStore store,
    RecordCache cache,
    RecordFiguresJob figures,
    IDbContextFactory<DashboardDbContext> dbFactory,
    TimeProvider time)
{
    private static readonly string[] Agencies = ["van-phong", "tu-phap-ho-tich", "tai-chinh-ke-toan"];
    private static readonly (string Code, string Name, bool Fee)[] ProcedureList =
    [
        ("1.001612", "Đăng ký khai sinh", false), ("1.001193", "Đăng ký kết hôn", false), ("1.004746", "Chứng thực bản sao từ bản chính", true),
        ("1.001022", "Đăng ký khai tử", false), ("2.000908", "Chứng thực chữ ký", true), ("1.003583", "Xác nhận tình trạng hôn nhân", false),
        ("1.000894", "Đăng ký thường trú", false), ("1.004227", "Cấp giấy phép xây dựng nhà ở riêng lẻ", true),
        ("1.003005", "Hỗ trợ chi phí mai táng", false), ("2.001457", "Đăng ký hộ kinh doanh", true),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        var changed = new List<string>();
        foreach (var unit in units.Communes)
        {
            var facts = cache.For(unit.Code);
            var batch = facts.Has("dossier") ? Tick(unit.Code, facts) : Seed(unit.Code);
            if (batch.Count == 0) continue;
            var stored = await store.UpsertAsync(Sources.Simulator, batch, ct);
            if (stored.Inserted + stored.Updated > 0) changed.Add(unit.Code);
        }
        await figures.RefreshAsync(changed, ct);
    }

    private List<RecordInput> Seed(string unit)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(unit) ^ 2023);
        var now = time.GetUtcNow();
        var today = VietnamTime.Today(time);
        var list = new List<RecordInput>();
        void Add(string kind, string key, JsonObject data) => list.Add(new(unit, kind, key, data.ToJsonString()));

        foreach (var (code, name, fee) in ProcedureList)
            Add("procedure", code, new JsonObject
            {
                ["ma_thu_tuc"] = code, ["ten_thu_tuc"] = name, ["niem_yet_cong"] = random.NextDouble() < 0.95, ["niem_yet_mot_cua"] = true,
                // Not a random draw, so the rest of the demo stays as it was: about one procedure in seven is handled elsewhere.
                ["tiep_nhan_mot_cua"] = code.Sum(c => c) % 7 != 0,
                ["trong_phan_mem"] = random.NextDouble() < 0.9, ["quy_trinh_noi_bo"] = random.NextDouble() < 0.8,
                ["du_dieu_kien_toan_trinh"] = random.NextDouble() < 0.6, ["co_phi"] = fee,
            });

        var n = 0;
        for (var day = today.AddDays(-400); day <= today; day = day.AddDays(1))
        {
            var count = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? random.Next(0, 2) : random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                var received = Local(day, random.Next(450, 990));
                if (received > now) received = now.AddMinutes(-1);
                var key = $"DEMO-HS-{++n:00000}";
                Add("dossier", key, Dossier(key, random, received, now));
            }
            if (day.Day == 20 || (day == today && today.Day < 20))
                foreach (var (code, title) in new[] { ("TTHC", "Báo cáo tình hình giải quyết TTHC"), ("CCHC", "Báo cáo công tác CCHC"), ("CDS", "Báo cáo chuyển đổi số") })
                {
                    var due = new DateOnly(day.Year, day.Month, 20);
                    var sent = random.NextDouble() < 0.9 ? due.AddDays(-random.Next(0, 4)) : due.AddDays(random.Next(1, 4));
                    Add("report", $"DEMO-BC-{code}-{day:yyyy-MM}", new JsonObject
                    {
                        ["ma_bao_cao"] = $"DEMO-BC-{code}-{day:yyyy-MM}", ["ten_bao_cao"] = $"{title} tháng {day:MM/yyyy}",
                        ["ky_bao_cao"] = $"{day:yyyy-MM}", ["han_nop"] = Iso(due), ["ngay_nop"] = sent <= today && due <= today ? Iso(sent) : null,
                        ["co_quan"] = "van-phong",
                    });
                }
            if (random.NextDouble() < 0.12)
                Add("task", $"DEMO-NV-{day:yyyyMMdd}", Deadline(random, day, today, 20, "ngay_giao", "han_hoan_thanh", "ngay_hoan_thanh",
                    ("ma_nhiem_vu", $"DEMO-NV-{day:yyyyMMdd}"), ("noi_dung", "Triển khai văn bản chỉ đạo của UBND huyện")));
            if (random.NextDouble() < 0.1)
                Add("feedback", $"DEMO-PA-{day:yyyyMMdd}", Deadline(random, day, today, 10, "ngay_nhan", "han_xu_ly", "ngay_xu_ly",
                    ("ma_phan_anh", $"DEMO-PA-{day:yyyyMMdd}"), ("muc_hai_long", random.Next(60, 101))));
            for (var i = 0; i < random.Next(0, 3); i++)
                Add("document", $"DEMO-VB-{day:yyyyMMdd}-{i}", new JsonObject
                {
                    ["so_van_ban"] = $"DEMO-VB-{day:yyyyMMdd}-{i}", ["chieu"] = random.NextDouble() < 0.5 ? "den" : "di",
                    ["dien_tu"] = random.NextDouble() < 0.9, ["mat"] = random.NextDouble() < 0.03, ["ngay"] = Iso(day),
                });
        }
        AddToday(Add, now, today);
        // One report a month (its last day, and today for this month), as a finance office sends them: every period reads
        // what was reported by its end, and the money only grows through the year.
        foreach (var (code, name, plan) in new[] { ("DA-01", "Bê tông hóa đường giao thông nông thôn", 1_250_000_000m), ("DA-02", "Sửa chữa trường tiểu học", 800_000_000m), ("DA-03", "Nhà văn hóa thôn", 650_000_000m) })
        {
            var pace = (decimal)(0.8 + random.NextDouble() * 0.2);
            for (var month = 1; month <= today.Month; month++)
            {
                var day = month == today.Month ? today : new DateOnly(today.Year, month, 1).AddMonths(1).AddDays(-1);
                Add("disbursement", $"DEMO-{code}@{Iso(day)}", new JsonObject
                {
                    ["ma_du_an"] = $"DEMO-{code}", ["ten_du_an"] = name, ["ke_hoach_von"] = plan,
                    ["da_giai_ngan"] = Math.Round(plan * Math.Min(1, day.DayOfYear / 330m) * pace / 1_000_000) * 1_000_000, ["ngay"] = Iso(day),
                });
            }
        }
        return list;
    }

    /// <summary>
    /// A few records dated now, so every figure computed from records has something in the current month, even on its
    /// first morning: an open late dossier with its apology letter, one received and returned just now, open feedback
    /// and a handled one, a task and a document.
    /// </summary>
    private static void AddToday(Action<string, string, JsonObject> add, DateTimeOffset now, DateOnly today)
    {
        var (fee, _, _) = ProcedureList.First(p => p.Fee);
        add("dossier", "DEMO-HS-QUA-HAN", new JsonObject
        {
            ["ma_ho_so"] = "DEMO-HS-QUA-HAN", ["ma_thu_tuc"] = ProcedureList[0].Code, ["ngay_nhan"] = Iso(today.AddDays(-10)), ["han_tra"] = Iso(today.AddDays(-1)),
            ["ngay_tra"] = null, ["kenh"] = "truc-tiep", ["thu_xin_loi"] = true, ["so_hoa_ket_qua"] = false, ["thanh_toan_truc_tuyen"] = false,
            ["co_quan"] = "tu-phap-ho-tich",
        });
        add("dossier", "DEMO-HS-HOM-NAY", new JsonObject
        {
            ["ma_ho_so"] = "DEMO-HS-HOM-NAY", ["ma_thu_tuc"] = fee, ["ngay_nhan"] = IsoInstant(now.AddSeconds(-2)), ["han_tra"] = Iso(today.AddDays(3)),
            ["ngay_tra"] = IsoInstant(now.AddSeconds(-1)), ["kenh"] = "truc-tuyen-toan-trinh", ["thu_xin_loi"] = false, ["so_hoa_ket_qua"] = true,
            ["thanh_toan_truc_tuyen"] = true, ["co_quan"] = "van-phong",
        });
        add("feedback", "DEMO-PA-MO", new JsonObject
        {
            ["ma_phan_anh"] = "DEMO-PA-MO", ["ngay_nhan"] = Iso(today), ["han_xu_ly"] = Iso(today.AddDays(10)), ["ngay_xu_ly"] = null, ["muc_hai_long"] = null,
            ["co_quan"] = "van-phong",
        });
        add("feedback", "DEMO-PA-XONG", new JsonObject
        {
            ["ma_phan_anh"] = "DEMO-PA-XONG", ["ngay_nhan"] = IsoInstant(now.AddSeconds(-2)), ["han_xu_ly"] = Iso(today.AddDays(10)),
            ["ngay_xu_ly"] = IsoInstant(now.AddSeconds(-1)), ["muc_hai_long"] = 90, ["co_quan"] = "van-phong",
        });
        add("task", "DEMO-NV-MOI", new JsonObject
        {
            ["ma_nhiem_vu"] = "DEMO-NV-MOI", ["noi_dung"] = "Báo cáo kết quả thực hiện Kế hoạch CCHC", ["ngay_giao"] = Iso(today),
            ["han_hoan_thanh"] = Iso(today.AddDays(20)), ["ngay_hoan_thanh"] = null, ["co_quan"] = "van-phong",
        });
        add("document", "DEMO-VB-MOI", new JsonObject { ["so_van_ban"] = "DEMO-VB-MOI", ["chieu"] = "di", ["dien_tu"] = true, ["mat"] = false, ["ngay"] = Iso(today) });
    }

    /// <summary>A new dossier arrives in about one commune in three, and the oldest open one is returned.</summary>
    private List<RecordInput> Tick(string unit, UnitRecords facts)
    {
        var random = Random.Shared;
        var now = time.GetUtcNow();
        var list = new List<RecordInput>();
        if (random.NextDouble() < 0.35)
        {
            var key = $"DEMO-HS-{now:yyyyMMddHHmmss}";
            var received = now.AddMinutes(-1);
            list.Add(new(unit, "dossier", key, Dossier(key, random, received, now).ToJsonString()));
        }
        var open = facts.Dossiers.Where(d => !d.IsFinished).OrderBy(d => d.PastDue).FirstOrDefault();
        if (open is not null && random.NextDouble() < 0.35 && Stored(unit, open.Key) is { } data)
        {
            data["ngay_tra"] = IsoInstant(now);
            if (now.UtcTicks >= open.PastDue) data["thu_xin_loi"] = random.NextDouble() < 0.7;
            list.Add(new(unit, "dossier", open.Key, data.ToJsonString()));
        }
        return list;
    }

    private JsonObject? Stored(string unit, string key)
    {
        using var db = dbFactory.CreateDbContext();
        var json = db.Records.AsNoTracking()
            .Where(r => r.Source == Sources.Simulator && r.UnitCode == unit && r.Kind == "dossier" && r.RecordKey == key)
            .Select(r => r.DataJson).FirstOrDefault();
        return json is null ? null : JsonNode.Parse(json)!.AsObject();
    }

    private static JsonObject Dossier(string key, Random random, DateTimeOffset received, DateTimeOffset now)
    {
        var procedure = ProcedureList[random.Next(ProcedureList.Length)];
        var receivedDay = DateOnly.FromDateTime(VietnamTime.ToLocal(received).DateTime);
        var due = receivedDay.AddDays(random.Next(0, 11));
        var roll = random.NextDouble();
        // Most are returned early or on the day; about one in twenty late; the rest of the recent ones still open.
        DateTimeOffset? returned = roll < 0.05
            ? Local(due.AddDays(random.Next(1, 6)), random.Next(480, 1000))
            : Local(due.AddDays(-random.Next(0, Math.Max(1, due.DayNumber - receivedDay.DayNumber + 1))), random.Next(480, 1000));
        if (returned < received) returned = received.AddHours(2);
        if (returned > now) returned = null;
        var late = returned is { } r ? r >= Local(due.AddDays(1), 0) : now >= Local(due.AddDays(1), 0);
        var channel = roll switch { < 0.35 => "truc-tiep", < 0.75 => "truc-tuyen-mot-phan", < 0.95 => "truc-tuyen-toan-trinh", _ => "buu-chinh" };
        return new JsonObject
        {
            ["ma_ho_so"] = key, ["ma_thu_tuc"] = procedure.Code, ["ngay_nhan"] = IsoInstant(received), ["han_tra"] = Iso(due),
            ["ngay_tra"] = returned is { } at ? IsoInstant(at) : null, ["kenh"] = random.NextDouble() < 0.5 ? "truc-tiep" : channel,
            ["thu_xin_loi"] = late && returned is not null && random.NextDouble() < 0.7, ["so_hoa_ket_qua"] = random.NextDouble() < 0.8,
            ["thanh_toan_truc_tuyen"] = procedure.Fee && random.NextDouble() < 0.6, ["co_quan"] = Agencies[random.Next(Agencies.Length)],
        };
    }

    private static JsonObject Deadline(Random random, DateOnly day, DateOnly today, int days, string start, string due, string done,
        params (string Name, JsonNode? Value)[] fields)
    {
        var deadline = day.AddDays(days);
        var finished = day.AddDays(random.NextDouble() < 0.9 ? random.Next(1, days + 1) : random.Next(days + 1, days + 8));
        var data = new JsonObject { [start] = Iso(day), [due] = Iso(deadline), [done] = finished <= today ? Iso(finished) : null, ["co_quan"] = "van-phong" };
        foreach (var (name, value) in fields) data[name] = value;
        return data;
    }

    private static DateTimeOffset Local(DateOnly day, int minutes)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string IsoInstant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
