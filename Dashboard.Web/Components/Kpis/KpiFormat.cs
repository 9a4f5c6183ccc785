using System.Globalization;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;
using Dashboard.Shared.Engine.Records;
using Dashboard.Shared.Time;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Kpis;

/// <summary>Numbers, money and times as a Vietnamese office writes them, whatever the page language.</summary>
public static class KpiFormat
{
    public static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Value(KpiDefinition kpi, decimal? value, IStringLocalizer<Strings> loc) => value switch
    {
        null => "—",
        { } v => kpi.Unit switch
        {
            KpiUnit.Percent => Number(v, kpi) + "%",
            KpiUnit.Vnd => v.ToString("#,##0", Vi) + " ₫",
            KpiUnit.Band => Band(v, loc),
            _ => Number(v, kpi),
        },
    };

    /// <summary>
    /// Two decimals at most, and more when rounding would carry the figure across its target or amber threshold:
    /// 4,9956% late against "&lt; 5" reads "4,996%", never "5%" beside "Đạt".
    /// </summary>
    public static string Number(decimal value, KpiDefinition kpi)
    {
        var status = StatusRules.Evaluate(value, kpi.Target, kpi.Amber);
        for (var decimals = 2; decimals < 10; decimals++)
        {
            var shown = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            if (StatusRules.Evaluate(shown, kpi.Target, kpi.Amber) == status
                && SameSide(value, shown, kpi.Target?.Value) && SameSide(value, shown, kpi.Amber))
                return shown.ToString("#,##0." + new string('#', decimals), Vi);
        }
        return value.ToString("#,##0.##########", Vi);

        static bool SameSide(decimal value, decimal shown, decimal? boundary) =>
            boundary is not { } b || Math.Sign(value - b) == Math.Sign(shown - b);
    }

    /// <param name="note">Whether a target the commune set itself says so (the wall, read from across the room, has no room for it).</param>
    public static string Target(KpiDefinition kpi, IStringLocalizer<Strings> loc, bool note = true) =>
        kpi.Target is { } t
            ? $"{t.Symbol} {Value(kpi, t.Value, loc)}" + (t.PerYear ? loc[nameof(Strings.TargetPerYear)] : "") + (note && t.CommuneOwn ? " " + loc[nameof(Strings.TargetCommuneOwn)] : "")
            : loc[nameof(Strings.NoTarget)];

    public static string Band(decimal value, IStringLocalizer<Strings> loc) => (int)Math.Round(Math.Clamp(value, 0m, 5m)) switch
    {
        >= 5 => loc[nameof(Strings.BandExcellent)],
        4 => loc[nameof(Strings.BandGood)],
        3 => loc[nameof(Strings.BandFair)],
        2 => loc[nameof(Strings.BandAverage)],
        _ => loc[nameof(Strings.BandWeak)],
    };

    public static string Status(KpiStatus status, IStringLocalizer<Strings> loc) => status switch
    {
        KpiStatus.Met => loc[nameof(Strings.StatusMet)],
        KpiStatus.Warning => loc[nameof(Strings.StatusWarning)],
        KpiStatus.NotMet => loc[nameof(Strings.StatusNotMet)],
        KpiStatus.Tracked => loc[nameof(Strings.StatusTracked)],
        _ => loc[nameof(Strings.StatusNoData)],
    };

    /// <summary>A figure's status, or "not enough data" with its records when a share of too few records is not judged.</summary>
    public static string FigureStatus(Figure figure, IStringLocalizer<Strings> loc) =>
        figure.Insufficient && figure.Measure is { } m && Measures.Find(m.Code) is { } d
            ? string.Format(loc[nameof(Strings.FigureInsufficient)], m.Records, d.MinRecords)
            : Status(figure.Status, loc);

    /// <summary>
    /// A time as the wall shows it, read from across the room on a line a quarter of the screen wide: "10:00" today,
    /// "26/11" earlier this year, "26/11/25" before that.
    /// </summary>
    public static string ShortTime(DateTimeOffset utc, TimeProvider clock)
    {
        var local = VietnamTime.ToLocal(utc);
        var (day, today) = (DateOnly.FromDateTime(local.DateTime), VietnamTime.Today(clock));
        return day == today ? local.ToString("HH:mm", Vi) : local.ToString(day.Year == today.Year ? "dd/MM" : "dd/MM/yy", Vi);
    }

    /// <summary>"14:05:09" today, "14:05:09 25/11/2026" on another day; Vietnamese time.</summary>
    public static string Time(DateTimeOffset utc, TimeProvider clock)
    {
        var local = VietnamTime.ToLocal(utc);
        var today = VietnamTime.Today(clock);
        return DateOnly.FromDateTime(local.DateTime) == today
            ? local.ToString("HH:mm:ss", Vi)
            : local.ToString("HH:mm:ss dd/MM/yyyy", Vi);
    }

    /// <summary>How full the gauge is, 0–100. Counts are drawn against a scale that leaves room above the target.</summary>
    public static double GaugePercent(KpiDefinition kpi, decimal? value)
    {
        if (value is not { } v) return 0;
        var max = kpi.Unit switch
        {
            KpiUnit.Percent => 100m,
            KpiUnit.Band => 5m,
            _ => Math.Max(Math.Max((kpi.Target?.Value ?? 0) * 1.5m, 5m), v),
        };
        return (double)Math.Clamp(v / max * 100m, 0m, 100m);
    }

    public static string StatusClass(KpiStatus status) => status switch
    {
        KpiStatus.Met => "met",
        KpiStatus.Warning => "warning",
        KpiStatus.NotMet => "not-met",
        KpiStatus.Tracked => "tracked",
        _ => "no-data",
    };

    /// <summary>Gauge colours; the status is also written as text, so colour is never the only signal.</summary>
    public static string StatusColor(KpiStatus status) => status switch
    {
        KpiStatus.Met => "#2e7d32",
        KpiStatus.Warning => "#e69500",
        KpiStatus.NotMet => "#c62828",
        KpiStatus.Tracked => "#1565c0",
        _ => "#9e9e9e",
    };
}
