using System.Text;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Digests;

/// <summary>The plain-text part beside the HTML: the same content, for mail clients and readers that show no HTML.</summary>
public static class DigestText
{
    public static string Render(DigestModel m, IStringLocalizer<Strings> loc)
    {
        var t = new StringBuilder();
        if (m.Test) t.AppendLine($"*** {loc[nameof(Strings.DigestTestBanner)]} ***");
        t.AppendLine(loc[nameof(Strings.DigestHeading)]);
        t.AppendLine(m.Commune);
        t.AppendLine(string.Format(loc[nameof(Strings.DigestPeriod)], m.Period));
        if (m.Demo) t.AppendLine(loc[nameof(Strings.DemoData)]);

        Heading(t, loc[nameof(Strings.DigestScoresHeading)]);
        foreach (var s in m.Scores)
            t.AppendLine($"- {s.Name}: {s.Line}").AppendLine($"  {s.Period}").AppendLine($"  {s.Link}");

        Heading(t, loc[nameof(Strings.DigestOffTrackHeading)]);
        if (!m.OffTrack.Any()) t.AppendLine(loc[nameof(Strings.DigestAllOnTrack)]);
        foreach (var k in m.OffTrack) Kpi(t, k, loc);
        if (m.Others.Any())
        {
            Heading(t, loc[nameof(Strings.DigestOthersHeading)]);
            foreach (var k in m.Others) Kpi(t, k, loc);
        }

        Heading(t, loc[nameof(Strings.DigestOverdueHeading)]);
        foreach (var list in m.Overdue)
        {
            t.AppendLine($"{list.Heading} ({list.Items.Count + list.More})");
            if (list.Items.Count == 0) t.AppendLine($"  {loc[nameof(Strings.DigestNone)]}");
            foreach (var item in list.Items) t.AppendLine($"  - {item.Title} · {item.Agency} · {item.When}");
            if (list.More > 0) t.AppendLine("  " + string.Format(loc[nameof(Strings.DigestMore)], list.More));
        }

        t.AppendLine().AppendLine($"{loc[nameof(Strings.DigestOpenDashboard)]}: {m.DashboardLink}");
        t.AppendLine().AppendLine($"-- ").AppendLine($"{loc[nameof(Strings.DigestFooter)]} {m.ManageLink}");
        return t.ToString();
    }

    private static void Heading(StringBuilder t, string heading) => t.AppendLine().AppendLine(heading).AppendLine(new string('=', Math.Min(heading.Length, 60)));

    private static void Kpi(StringBuilder t, DigestKpi k, IStringLocalizer<Strings> loc)
    {
        t.AppendLine($"- {k.Name}: {k.Value} {k.Arrow}".TrimEnd() + $" · {k.StatusText} · {loc[nameof(Strings.Target)]} {k.Target}");
        if (k.Period.Length > 0) t.AppendLine($"  {k.Period}");
        t.AppendLine($"  {loc[nameof(Strings.Owner)]}: {k.Owner}" + (k.Change.Length > 0 ? $" · {k.Change}" : ""));
        t.AppendLine($"  {k.Link}");
    }
}
