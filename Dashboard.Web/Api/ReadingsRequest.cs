using System.Text.Json;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;

namespace Dashboard.Web.Api;

/// <summary>
/// Reads the body of <c>POST /api/v1/readings</c>: one reading, an array of readings, or <c>{ "readings": [...] }</c>.
/// Type errors are reported per field (<c>readings[i].value</c>), like validation errors.
/// </summary>
public static class ReadingsRequest
{
    public static (List<ReadingInput> Readings, List<FieldError> Errors) Parse(JsonElement root, int maxReadings)
    {
        var errors = new List<FieldError>();
        var items = new List<JsonElement>();
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                items.AddRange(root.EnumerateArray());
                break;
            case JsonValueKind.Object when root.TryGetProperty("readings", out var list):
                if (list.ValueKind == JsonValueKind.Array) items.AddRange(list.EnumerateArray());
                else errors.Add(new("readings", "Trường 'readings' phải là một mảng."));
                break;
            case JsonValueKind.Object:
                items.Add(root);
                break;
            default:
                errors.Add(new("body", "Nội dung phải là một đối tượng JSON hoặc một mảng."));
                break;
        }
        if (items.Count > maxReadings)
        {
            errors.Add(new("readings", $"Một yêu cầu chỉ nhận tối đa {maxReadings} số liệu (nhận được {items.Count})."));
            return ([], errors);
        }

        var readings = new List<ReadingInput>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(At(i), "Mỗi số liệu phải là một đối tượng JSON."));
                continue;
            }
            readings.Add(new ReadingInput(
                Text(item, "unit", i, errors),
                Text(item, "kpi", i, errors),
                Text(item, "period", i, errors),
                Text(item, "source", i, errors),
                Number(item, "value", i, errors)));
        }
        return (readings, errors);
    }

    private static string Text(JsonElement item, string name, int i, List<FieldError> errors)
    {
        if (!item.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new($"{At(i)}.{name}", "Thiếu trường bắt buộc."));
            return "";
        }
        if (p.ValueKind != JsonValueKind.String)
        {
            errors.Add(new($"{At(i)}.{name}", "Phải là chuỗi ký tự."));
            return "";
        }
        return p.GetString()!.Trim();
    }

    private static decimal Number(JsonElement item, string name, int i, List<FieldError> errors)
    {
        if (!item.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new($"{At(i)}.{name}", "Thiếu trường bắt buộc."));
            return 0;
        }
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out var value))
        {
            errors.Add(new($"{At(i)}.{name}", "Phải là một số (ví dụ 97.5)."));
            return 0;
        }
        return value;
    }

    // Built only for a reading that has an error: most batches have none, and a string per reading adds up.
    private static string At(int i) => $"readings[{i}]";
}
