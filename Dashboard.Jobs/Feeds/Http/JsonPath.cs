using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Jobs.Feeds.Http;

/// <summary>
/// The small part of JSONPath a feed mapping needs: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[n]</c> and <c>[*]</c>.
/// Mappings are configuration, so a new source shape needs no code.
/// </summary>
public static partial class JsonPath
{
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']+)'\]|\[(?<index>\d+)\]|\[(?<all>\*)\]")]
    private static partial Regex Step();

    public static IEnumerable<JsonElement> Select(JsonElement root, string path)
    {
        IEnumerable<JsonElement> current = [root];
        var rest = path.Trim();
        if (rest.StartsWith('$')) rest = rest[1..];
        else if (rest.Length > 0 && rest[0] != '.' && rest[0] != '[') rest = "." + rest;
        var position = 0;
        foreach (Match m in Step().Matches(rest))
        {
            if (m.Index != position) throw new FormatException($"Đường dẫn JSON '{path}' không hợp lệ tại vị trí {position}.");
            position = m.Index + m.Length;
            current = Apply(current, m).ToList();
        }
        if (position != rest.Length) throw new FormatException($"Đường dẫn JSON '{path}' không hợp lệ tại vị trí {position}.");
        return current;
    }

    /// <summary>The single value at <paramref name="path"/> relative to an item, or null when absent.</summary>
    public static JsonElement? Value(JsonElement item, string path) =>
        Select(item, path).Cast<JsonElement?>().FirstOrDefault();

    private static IEnumerable<JsonElement> Apply(IEnumerable<JsonElement> nodes, Match step)
    {
        foreach (var node in nodes)
        {
            if (step.Groups["all"].Success)
            {
                if (node.ValueKind == JsonValueKind.Array) foreach (var e in node.EnumerateArray()) yield return e;
                else if (node.ValueKind == JsonValueKind.Object) foreach (var p in node.EnumerateObject()) yield return p.Value;
            }
            else if (step.Groups["index"].Success)
            {
                var i = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (node.ValueKind == JsonValueKind.Array && i < node.GetArrayLength()) yield return node[i];
            }
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var child)) yield return child;
            }
        }
    }
}
