using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Files;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Engine;

namespace Dashboard.Web.Export;

/// <summary>
/// A yearly plan as a workbook an administrator can edit in Excel and import again: one row per KPI the engine knows, with
/// snake_case column names in Vietnamese without marks, as the record files have. The KPI's name is there to read; import
/// ignores it. A bad row is refused naming the file, the row, the KPI and the column.
/// </summary>
public static class PlanWorkbook
{
    public const string Sheet = "ke-hoach";
    public const string Year = "nam", Code = "ma", Name = "ten", Included = "thuoc_ke_hoach", Section = "muc", Op = "toan_tu",
        Target = "chi_tieu", Amber = "nguong_canh_bao", Owner = "chu_tri", Coordinating = "phoi_hop";

    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["year"] = Year, ["code"] = Code, ["included"] = Included, ["section"] = Section, ["target.op"] = Op,
        ["target.value"] = Target, ["amber"] = Amber, ["owner"] = Owner, ["coordinating"] = Coordinating,
    };

    public static byte[] Write(PlanFile plan, KpiCatalog known)
    {
        var book = new XlsxWorkbook();
        var sheet = book.AddSheet(Sheet).Header(Year, Code, Name, Included, Section, Op, Target, Amber, Owner, Coordinating)
            .Widths(8, 28, 60, 14, 8, 10, 10, 16, 22, 40);
        foreach (var k in plan.Kpis)
            sheet.Row(plan.Year, k.Code, known.Find(k.Code)?.Name.Vi, k.Included ? "co" : "khong", k.Section,
                k.Op?.ToString().ToLowerInvariant(), k.Target, k.Amber, k.Owner, string.Join(", ", k.Coordinating));
        return book.ToArray();
    }

    /// <summary>The workbook as a plan file (JSON), validated; its problems name the row and the column.</summary>
    public static string ReadJson(Stream stream, string fileName, KpiCatalog known)
    {
        TabularResult table;
        try
        {
            table = TabularReader.ReadXlsx(stream, fileName, sheetName: Sheet);
        }
        catch (TabularFileException ex)
        {
            throw new CatalogException(fileName, null, null, ex.Message);
        }
        if (table.Errors.FirstOrDefault() is { } error) throw new CatalogException(fileName, $"dòng {error.Row}", null, error.Message);
        foreach (var column in new[] { Year, Code, Included, Section, Op, Target, Amber, Owner })
            if (!table.Header.Contains(column)) throw new CatalogException(fileName, null, column, $"thiếu cột '{column}' (trang tính '{Sheet}')");
        if (table.Rows.Count == 0) throw new CatalogException(fileName, null, Code, "không có dòng KPI nào");

        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var years = table.Rows.Select(r => r.Get(Year)?.Trim()).Distinct().ToList();
        if (years.Count != 1 || !int.TryParse(years[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new CatalogException(fileName, null, Year, $"mọi dòng phải cùng một năm kế hoạch (có: {string.Join(", ", years)})");
        var kpis = new JsonArray();
        foreach (var row in table.Rows)
        {
            var code = row.Get(Code)?.Trim() ?? "";
            rowOf.TryAdd(code, row.Row);
            var included = row.Get(Included)?.Trim().ToLowerInvariant() switch
            {
                "co" or "có" or "x" or "1" => true,
                "khong" or "không" or "" or "0" => false,
                var text => throw new CatalogException(fileName, $"dòng {row.Row} ({code})", Included, $"'{text}' không hợp lệ (co hoặc khong)"),
            };
            var kpi = new JsonObject { ["code"] = code, ["included"] = included, ["section"] = row.Get(Section)?.Trim(), ["owner"] = row.Get(Owner)?.Trim() };
            var op = row.Get(Op)?.Trim();
            var target = Number(row, Target, fileName, code);
            if (!string.IsNullOrEmpty(op) || target is not null) kpi["target"] = new JsonObject { ["op"] = op, ["value"] = target };
            if (Number(row, Amber, fileName, code) is { } amber) kpi["amber"] = amber;
            var coordinating = (row.Get(Coordinating) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            kpi["coordinating"] = new JsonArray(coordinating.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
            kpis.Add(kpi);
        }
        var json = new JsonObject { ["year"] = year, ["kpis"] = kpis }.ToJsonString();
        try
        {
            PlanFile.Parse(json, fileName, known);
        }
        catch (CatalogException ex)
        {
            // Said in the workbook's terms: its row and column rather than the JSON's field.
            var item = ex.Item is { } code && rowOf.TryGetValue(code, out var r) ? $"dòng {r} ({code})" : ex.Item;
            var column = ex.Field is { } f && ColumnOfField.TryGetValue(f, out var c) ? c : ex.Field;
            throw new CatalogException(fileName, item, column, ex.Reason);
        }
        return json;
    }

    private static decimal? Number(TabularRow row, string column, string fileName, string code)
    {
        var text = row.Get(column)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        // A number cell holds Excel's own form ("95.5"); a typed one may be Vietnamese ("95,5").
        var normalized = row.IsNumber(column) ? text : text.Replace(',', '.');
        return decimal.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CatalogException(fileName, $"dòng {row.Row} ({code})", column, $"'{text}' không phải là số");
    }
}
