using System.Text;

namespace Dashboard.Shared.Ingest;

/// <summary>
/// The one spelling of a code that identifies something (a dossier's ma_ho_so, a procedure's ma_thu_tuc…): trimmed,
/// Unicode NFC and upper case (invariant). "hs-0001", " HS-0001 " and an NFD "HS-HỒ-0001" from a Mac export then name
/// one record, not two. Every record key is written and looked up through <see cref="Normalize"/>.
/// </summary>
public static class Identifier
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (IsNormal(trimmed)) return trimmed;
        // Upper-casing a composed letter gives a composed letter, but normalise again in case a mark had no upper form.
        return trimmed.Normalize(NormalizationForm.FormC).ToUpperInvariant().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Whether <paramref name="text"/> is already in its one spelling (most keys are: plain ASCII capitals and digits).</summary>
    public static bool IsNormal(string text)
    {
        foreach (var c in text)
            if (c > 0x7F || char.IsAsciiLetterLower(c)) return IsNormalSlow(text);
        return text.Length == 0 || (!char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]));
    }

    private static bool IsNormalSlow(string text) =>
        text == text.Trim() && text.IsNormalized(NormalizationForm.FormC) && text == text.ToUpperInvariant();
}
