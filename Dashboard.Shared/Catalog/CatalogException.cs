namespace Dashboard.Shared.Catalog;

/// <summary>A seed file (catalog, units) that cannot be used; the message names the file, the item and the field.</summary>
public sealed class CatalogException(string file, string? item, string? field, string reason)
    : Exception(Format(file, item, field, reason))
{
    public string File { get; } = file;
    public string? Item { get; } = item;
    public string? Field { get; } = field;
    public string Reason { get; } = reason;

    private static string Format(string file, string? item, string? field, string reason)
    {
        var where = $"tệp '{file}'";
        if (item is not null) where += $", mục '{item}'";
        if (field is not null) where += $", trường '{field}'";
        return $"Danh mục không hợp lệ ({where}): {reason}";
    }
}
