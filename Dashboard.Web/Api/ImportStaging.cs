using System.Security.Cryptography;
using System.Text.Json;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Api;

/// <summary>
/// A file uploaded on /import whose columns staff must map before anything is stored: kept in
/// <c>&lt;data&gt;/uploads/import</c> under a random token with who uploaded it, the feed, kind and unit chosen, and the
/// mapping as edited so far. Only its uploader opens it; it is deleted once imported, and after a day if left.
/// </summary>
public sealed class ImportStaging(IOptions<DashboardOptions> dashboard, IWebHostEnvironment environment, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public sealed class Staged
    {
        public required string Feed { get; init; }
        public required string Kind { get; init; }
        public string? Unit { get; init; }
        public required string FileName { get; init; }
        public required string User { get; init; }
        public DateTime CreatedAt { get; init; }
        /// <summary>File column → field, as edited on the page; null until staff change the recognised mapping.</summary>
        public Dictionary<string, string>? Columns { get; set; }
        public Dictionary<string, AmountUnit>? Units { get; set; }
        public Dictionary<string, DateOrder>? Dates { get; set; }
        /// <summary>Why the last edit could not be taken as it was (a column chosen for two fields), in Vietnamese.</summary>
        public List<string> Problems { get; set; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public ColumnMapping? Mapping => Columns is null ? null : new(Columns, Units ?? [], Dates ?? []);
    }

    private string Folder => Path.Combine(Path.GetFullPath(dashboard.Value.DataPath, environment.ContentRootPath), "uploads", "import");

    public async Task<string> SaveAsync(IFormFile file, Staged staged, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        RemoveExpired();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using (var target = File.Create(DataPath(token)))
        await using (var source = file.OpenReadStream())
            await source.CopyToAsync(target, ct);
        await File.WriteAllTextAsync(MetaPath(token), JsonSerializer.Serialize(staged), ct);
        return token;
    }

    /// <summary>The staged upload, if the token names one that this user uploaded and that has not expired.</summary>
    public Staged? Find(string? token, string? user)
    {
        if (!IsToken(token) || user is null || !File.Exists(MetaPath(token!))) return null;
        var staged = JsonSerializer.Deserialize<Staged>(File.ReadAllText(MetaPath(token!)));
        return staged is not null && staged.User == user && time.GetUtcNow().UtcDateTime - staged.CreatedAt < Lifetime ? staged : null;
    }

    public Stream Open(string token) => File.OpenRead(DataPath(token));

    public void Update(string token, Staged staged) => File.WriteAllText(MetaPath(token), JsonSerializer.Serialize(staged));

    public void Delete(string token)
    {
        File.Delete(DataPath(token));
        File.Delete(MetaPath(token));
    }

    /// <summary>The token goes into a path: only what <see cref="SaveAsync"/> makes is taken.</summary>
    private static bool IsToken(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);

    private string DataPath(string token) => Path.Combine(Folder, token + ".upload");

    private string MetaPath(string token) => Path.Combine(Folder, token + ".json");

    /// <summary>Uploads left unconfirmed for a day go; judged by the app's clock, as <see cref="Find"/> judges them.</summary>
    private void RemoveExpired()
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var meta in Directory.EnumerateFiles(Folder, "*.json"))
        {
            try
            {
                var staged = JsonSerializer.Deserialize<Staged>(File.ReadAllText(meta));
                if (staged is not null && now - staged.CreatedAt < Lifetime) continue;
                File.Delete(Path.ChangeExtension(meta, ".upload"));
                File.Delete(meta);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                // Another request has it open, or it is being written: the next upload looks again.
            }
        }
    }
}
