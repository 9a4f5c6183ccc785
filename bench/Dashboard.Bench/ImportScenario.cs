using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Bench;

/// <summary>Records per second for a large one-stop export (dossiers, CSV) through the multipart upload endpoint into the store.</summary>
public sealed class ImportScenario(bool smoke) : IScenario
{
    public string Name => "import";

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        var rows = smoke ? 5_000 : 100_000;
        // The small file fits the default limits, so --smoke can run it on the shared server.
        await using var server = await ServerProcess.StartAsync(webDll, smoke ? new Dictionary<string, string>() : new Dictionary<string, string>
        {
            ["Import__MaxBytes"] = (200L * 1024 * 1024).ToString(),
            ["Import__MaxRows"] = "200000",
        });
        using var http = server.Client(TimeSpan.FromMinutes(10));

        var csv = new StringBuilder("ma_don_vi,ma_ho_so,ma_thu_tuc,ngay_nhan,han_tra,ngay_tra,kenh,thu_xin_loi,so_hoa_ket_qua,thanh_toan_truc_tuyen\r\n");
        string[] channels = ["truc-tiep", "truc-tuyen-mot-phan", "truc-tuyen-toan-trinh", "buu-chinh"];
        for (var i = 0; i < rows; i++)
        {
            var received = new DateTime(2026, 1, 1).AddMinutes(i * 7);
            csv.Append("que-minh,HS-").Append(i).Append(",1.00").Append(1000 + i % 40).Append(',')
               .Append(received.ToString("dd/MM/yyyy HH:mm")).Append(',').Append(received.AddDays(5).ToString("dd/MM/yyyy")).Append(',')
               .Append(i % 3 == 0 ? "" : received.AddDays(i % 7).ToString("dd/MM/yyyy HH:mm")).Append(',')
               .Append(channels[i % 4]).Append(',').Append(i % 11 == 0 ? "x" : "").Append(",x,").Append(i % 2 == 0 ? "x" : "").Append("\r\n");
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var sw = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "ho-so-lon.csv");
        var response = await http.PostAsync("api/v1/imports?feed=one-stop&kind=dossier", form);
        response.EnsureSuccessStatusCode();
        var elapsed = sw.Elapsed;
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var accepted = result.RootElement.GetProperty("accepted").GetInt32();
        if (accepted != rows) throw new InvalidOperationException($"Only {accepted} of {rows} rows were accepted: {result.RootElement}");
        var rate = rows / elapsed.TotalSeconds;
        return
        [
            new Result($"Import: {rows:#,##0}-row dossier CSV ({bytes.Length / 1024.0 / 1024:0.0} MB) through the upload endpoint into SQLite",
                $"{rate:#,##0} records/s ({elapsed.TotalSeconds:0.0} s)", "recorded (no target set)", null),
        ];
    }
}
