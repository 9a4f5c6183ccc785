using System.Text.Json;

namespace Dashboard.Shared.Catalog;

public enum UnitKind { Province, District, Commune }

/// <summary>An administrative unit: province → district → commune.</summary>
public sealed record AdminUnit(string Code, UnitKind Kind, string? Parent, LocalizedText Name);

public sealed class UnitDirectory
{
    private readonly Dictionary<string, AdminUnit> _byCode;

    public UnitDirectory(IReadOnlyList<AdminUnit> units)
    {
        All = units;
        _byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<AdminUnit> All { get; }

    public AdminUnit? Find(string code) => _byCode.GetValueOrDefault(code);

    public IEnumerable<AdminUnit> Communes => All.Where(u => u.Kind == UnitKind.Commune);

    public IEnumerable<AdminUnit> Siblings(string code) =>
        Find(code) is { } unit ? All.Where(u => u.Parent == unit.Parent && u.Kind == unit.Kind) : [];

    public static UnitDirectory LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path)) throw new CatalogException(file, null, null, $"không tìm thấy tệp tại '{path}'");
        UnitsDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<UnitsDto>(File.ReadAllText(path),
                new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException ex)
        {
            throw new CatalogException(file, null, ex.Path, $"JSON không đọc được (dòng {ex.LineNumber + 1}): {ex.Message}");
        }
        var units = new List<AdminUnit>();
        foreach (var (u, i) in (dto?.Units ?? []).Select((u, i) => (u, i)))
        {
            var item = u.Code ?? $"units[{i}]";
            if (string.IsNullOrWhiteSpace(u.Code)) throw new CatalogException(file, item, "code", "thiếu mã đơn vị");
            if (!Enum.TryParse<UnitKind>(u.Kind, true, out var kind))
                throw new CatalogException(file, item, "kind", $"loại đơn vị '{u.Kind}' không hợp lệ (province, district, commune)");
            if (string.IsNullOrWhiteSpace(u.Name?.Vi) || string.IsNullOrWhiteSpace(u.Name.En))
                throw new CatalogException(file, item, "name", "thiếu tên tiếng Việt hoặc tiếng Anh");
            if (units.Any(x => x.Code == u.Code)) throw new CatalogException(file, item, "code", "mã đơn vị bị trùng");
            units.Add(new AdminUnit(u.Code, kind, u.Parent, new LocalizedText(u.Name.Vi, u.Name.En)));
        }
        foreach (var u in units.Where(u => u.Parent is not null && units.All(p => p.Code != u.Parent)))
            throw new CatalogException(file, u.Code, "parent", $"đơn vị cấp trên '{u.Parent}' không tồn tại");
        if (units.Count == 0) throw new CatalogException(file, null, "units", "không có đơn vị nào");
        return new UnitDirectory(units);
    }

    private sealed record UnitsDto(List<UnitDto>? Units);
    private sealed record UnitDto(string? Code, string? Kind, string? Parent, NameDto? Name);
    private sealed record NameDto(string? Vi, string? En);
}
