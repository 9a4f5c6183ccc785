using System.Text.Json;
using Dashboard.Jobs.Feeds.Http;
using Dashboard.Shared.Store;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Jobs.Feeds;

/// <summary>A feed as configuration seeds it (section <c>Feeds:&lt;id&gt;</c>). Staff edits on /feeds win over it afterwards.</summary>
public sealed class FeedOptions
{
    public string Kind { get; set; } = FeedKinds.HttpJson;
    public string? NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? Cron { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
    public int CadenceMinutes { get; set; }
    public bool Enabled { get; set; } = true;

    public static IEnumerable<FeedRow> FromConfiguration(IConfiguration section, DateTime now)
    {
        foreach (var child in section.GetChildren())
        {
            var o = child.Get<FeedOptions>() ?? new();
            if (!FeedKinds.All.Contains(o.Kind))
                throw new InvalidOperationException($"Feeds:{child.Key}:Kind '{o.Kind}' không hợp lệ ({string.Join(", ", FeedKinds.All)}).");
            yield return new FeedRow
            {
                Id = child.Key, Kind = o.Kind, NameVi = o.NameVi ?? child.Key, NameEn = o.NameEn ?? child.Key, Cron = o.Cron,
                TimeoutSeconds = o.TimeoutSeconds, CadenceMinutes = o.CadenceMinutes, Enabled = o.Enabled,
                SettingsJson = SettingsJson(o.Kind, child.GetSection("Settings")), UpdatedAt = now,
            };
        }
    }

    /// <summary>Settings are bound to the kind's own type, so dictionaries and arrays come back as they were written.</summary>
    private static string SettingsJson(string kind, IConfigurationSection section) => kind switch
    {
        FeedKinds.HttpJson => JsonSerializer.Serialize(section.Get<HttpJsonSettings>() ?? new()),
        _ => "{}",
    };
}
