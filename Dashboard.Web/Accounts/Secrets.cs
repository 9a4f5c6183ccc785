using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Secrets handed to machines (API keys, wall screens): 256 random bits shown once and kept as a SHA-256 hash. With that
/// much entropy a slow password hash adds nothing; the first characters are kept in clear to find the row.
/// </summary>
public static class Secrets
{
    public const int PrefixLength = 10;

    public static string New(string kind) =>
        kind + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));

    public static string? PrefixOf(string secret) => secret.Length < PrefixLength + 8 ? null : secret[..PrefixLength];
}
