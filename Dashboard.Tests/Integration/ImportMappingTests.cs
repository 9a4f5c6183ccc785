using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Jobs.Feeds.Records;
using Dashboard.Shared.Store;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Integration;

/// <summary>A feed's saved column mapping, used by the import API for every file whose header fits it.</summary>
[Collection(HostCollection.Name)]
[Trait(TestProvider.Trait, TestProvider.Provider)]
public sealed class ImportMappingTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>A province's disbursement export: its own column names, amounts in million đồng, a title row above.</summary>
    private static byte[] Export(string extraColumn = "") => Encoding.UTF8.GetBytes(string.Join("\r\n",
        "BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG;;;;",
        $"Ngày BC;Mã DA;KH vốn (tr.đ);Giải ngân (tr.đ);Đơn vị{extraColumn}",
        "25/11/2026;DA-GTNT-01;1.250;1.102,5;que-minh" + (extraColumn.Length > 0 ? ";" : ""),
        "25/11/2026;DA-TH-02;800;800;que-minh" + (extraColumn.Length > 0 ? ";" : "")) + "\r\n");

    private async Task<JsonElement> PostAsync(byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "giai-ngan-tinh.csv");
        var response = await _app.Http.PostAsync("/api/v1/imports?feed=finance&kind=disbursement", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_api_imports_a_file_with_the_feeds_saved_mapping_and_its_amount_unit()
    {
        // Nothing names "Mã DA" as the project code: without a mapping the file is refused whole, naming the key column.
        var refused = await PostAsync(Export());
        Assert.False(refused.GetProperty("succeeded").GetBoolean());
        Assert.Contains("thiếu cột khóa 'ma_du_an'", refused.GetProperty("error").GetString());

        // Staff map it once on /import; the page saves it with the service the API reads it from.
        var mapping = new ColumnMapping(
            new Dictionary<string, string>
            {
                ["Ngày BC"] = "ngay", ["Mã DA"] = "ma_du_an", ["KH vốn (tr.đ)"] = "ke_hoach_von", ["Giải ngân (tr.đ)"] = "da_giai_ngan", ["Đơn vị"] = "ma_don_vi",
            },
            new Dictionary<string, AmountUnit> { ["ke_hoach_von"] = AmountUnit.TrieuDong, ["da_giai_ngan"] = AmountUnit.TrieuDong });
        var import = _app.Services.GetRequiredService<RecordImport>();
        Assert.True(await import.SaveMappingAsync("finance", "disbursement", mapping));
        Assert.False(await import.SaveMappingAsync("finance", "disbursement", mapping));

        var imported = await PostAsync(Export());
        Assert.True(imported.GetProperty("succeeded").GetBoolean(), imported.ToString());
        Assert.Equal(2, imported.GetProperty("accepted").GetInt32());
        Assert.Equal(0, imported.GetProperty("rejected").GetInt32());

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var record = await db.Records.SingleAsync(r => r.Kind == "disbursement" && r.RecordKey == "DA-GTNT-01@2026-11-25");
            var data = JsonNode.Parse(record.DataJson)!;
            Assert.Equal(1_250_000_000m, data["ke_hoach_von"]!.GetValue<decimal>());
            Assert.Equal(1_102_500_000m, data["da_giai_ngan"]!.GetValue<decimal>());
            Assert.Equal("que-minh", record.UnitCode);
            // The mapping lives in the feed's settings, where /feeds shows and edits it.
            var settings = await db.Feeds.Where(f => f.Id == "finance").Select(f => f.SettingsJson).SingleAsync();
            Assert.Contains("\"Mã DA\":\"ma_du_an\"", settings);
        }

        // A file with another header is not this mapping's: it is read by its names, and refused as before.
        var other = await PostAsync(Export(";Ghi chú"));
        Assert.False(other.GetProperty("succeeded").GetBoolean());
        Assert.Contains("ma_du_an", other.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_api_recognises_one_stop_headers_by_themselves()
    {
        var csv = string.Join("\r\n",
            "SỔ THEO DÕI HỒ SƠ",
            "STT,Ngày tiếp nhận,Mã hồ sơ,Hình thức nộp,Ngày hẹn trả,Mã thủ tục,Mã đơn vị",
            "1,02/11/2026 08:15,HS-0001,Trực tiếp,05/11/2026,1.001612,que-minh",
            "2,03/11/2026 09:00,HS-0002,Bưu chính,01/11/2026,1.001612,que-minh") + "\r\n";
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "so-theo-doi.csv");

        var answer = await (await _app.Http.PostAsync("/api/v1/imports?feed=one-stop&kind=dossier", form)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(answer.GetProperty("succeeded").GetBoolean(), answer.ToString());
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        // Rows keep the spreadsheet's numbering, title row included, and the field's own name.
        var rejection = Assert.Single(answer.GetProperty("rejections").EnumerateArray());
        Assert.Equal(4, rejection.GetProperty("row").GetInt32());
        Assert.Equal("han_tra", rejection.GetProperty("field").GetString());
    }
}
