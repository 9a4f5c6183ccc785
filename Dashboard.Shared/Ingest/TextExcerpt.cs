using System.Text;

namespace Dashboard.Shared.Ingest;

/// <summary>
/// How a message quotes a value someone sent: at most <see cref="MaxChars"/> characters and "…". A 2 MB cell must cost
/// a short line in a row error, not 2 MB in the store, the rejected-rows CSV and every page that shows it.
/// </summary>
public static class TextExcerpt
{
    public const int MaxChars = 60;

    /// <summary>The text on one line (control characters become spaces), cut to <paramref name="max"/> characters plus "…".</summary>
    public static string Of(string? text, int max = MaxChars)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cut = text.Length > max;
        var length = cut ? max : text.Length;
        // Never split a surrogate pair: half a character is not valid text anywhere it is written.
        if (cut && char.IsHighSurrogate(text[length - 1])) length--;
        var excerpt = new StringBuilder(length + 1);
        foreach (var c in text.AsSpan(0, length)) excerpt.Append(char.IsControl(c) ? ' ' : c);
        if (cut) excerpt.Append('…');
        return excerpt.ToString();
    }
}
