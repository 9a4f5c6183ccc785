using System.Globalization;

namespace Dashboard.Web.Wall;

/// <summary>The views a wall screen can show, in the order an administrator usually wants them.</summary>
public enum WallView { Overview, Dossiers, Digital, Finance, Overdue, Scores }

public sealed record WallSlot(WallView View, int Seconds);

/// <summary>
/// A device's rotation, stored as text such as <c>overview:20,dossiers:15,scores:30</c>: readable in the database and
/// in the audit trail. Parsing is lenient (the text is only ever written by the admin page, which validates).
/// </summary>
public static class WallPlaylist
{
    public const int DefaultSeconds = 20;
    public const int MinSeconds = 5;
    public const int MaxSeconds = 3600;

    public static string Id(WallView view) => view.ToString().ToLowerInvariant();

    public static WallView? FromId(string? id) =>
        Enum.GetValues<WallView>().Cast<WallView?>().FirstOrDefault(v => Id(v!.Value) == id?.Trim().ToLowerInvariant());

    public static IReadOnlyList<WallSlot> Default { get; } = Enum.GetValues<WallView>().Select(v => new WallSlot(v, DefaultSeconds)).ToList();

    public static string Format(IEnumerable<WallSlot> slots) =>
        string.Join(",", slots.Select(s => $"{Id(s.View)}:{s.Seconds.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Unknown views are skipped, durations kept within bounds; nothing usable gives the default rotation.</summary>
    public static IReadOnlyList<WallSlot> Parse(string? text)
    {
        var slots = new List<WallSlot>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2);
            if (FromId(pieces[0]) is not { } view) continue;
            var seconds = pieces.Length == 2 && int.TryParse(pieces[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeconds;
            slots.Add(new WallSlot(view, Math.Clamp(seconds, MinSeconds, MaxSeconds)));
        }
        return slots.Count > 0 ? slots : Default;
    }
}
