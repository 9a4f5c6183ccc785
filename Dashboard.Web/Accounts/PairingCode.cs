using System.Security.Cryptography;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The short code a wall screen's remote can type: 8 characters from upper-case letters and digits without the ones a
/// reader confuses (0/O, 1/I/L), so 31 symbols and about 40 bits. That is guessable offline, unlike <see cref="Secrets"/>,
/// so a code is also short-lived, single use and its entry is throttled per address (<see cref="SignInThrottle"/>).
/// </summary>
public static class PairingCode
{
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// The code as typed, made canonical: upper case, without the spaces and dashes people add to read it in groups; null
    /// when it cannot be a code (wrong length or a character outside <see cref="Alphabet"/>).
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        var code = new string(typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Alphabet.Contains(c)) ? code : null;
    }

    /// <summary>Only this is stored. Unsalted SHA-256 is enough for a code that lives minutes and pairs once.</summary>
    public static string Hash(string code) => Secrets.Hash("wpc_" + code);

    /// <summary>Shown in two groups of four, easier to read across a room and to type.</summary>
    public static string Display(string code) => code.Length == Length ? code[..4] + " " + code[4..] : code;
}
