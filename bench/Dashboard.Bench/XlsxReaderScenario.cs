using System.Diagnostics;
using System.Text;
using Dashboard.Jobs.Feeds.Files;
using ExcelDataReader;
using MiniExcelLibs;

namespace Dashboard.Bench;

/// <summary>
/// The app's own XLSX reader against the two maintained ones served here (ExcelDataReader, MiniExcel) on a large
/// one-stop export that LibreOffice wrote: each reads every cell of every row as text, in-process, three times; the
/// median time and the bytes allocated are recorded. Decides whether the hand-written reader is kept (docs/benchmarks.md).
/// </summary>
public sealed class XlsxReaderScenario(bool smoke) : IScenario
{
    public string Name => "xlsx-reader";

    public bool NeedsServer => false;

    public async Task<IReadOnlyList<Result>> RunAsync(string webDll)
    {
        // ExcelDataReader asks for code page 1252 even for XLSX, which .NET has only with this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var rows = smoke ? 2_000 : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "dashboard-bench", "xlsx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var xlsx = await WriteWithLibreOfficeAsync(folder, rows);
            var size = new FileInfo(xlsx).Length;
            var limits = new TabularLimits(200L * 1024 * 1024, 200_000);
            (string Name, Func<int> Read)[] readers =
            [
                ("hand-written (XlsxTableReader)", () =>
                {
                    using var stream = File.OpenRead(xlsx);
                    // The reader already turns every cell into text; nothing more to do per cell.
                    return TabularReader.Read(stream, "ho-so.xlsx", limits).Rows.Count;
                }),
                ("ExcelDataReader 3.6.0", () =>
                {
                    using var stream = File.OpenRead(xlsx);
                    using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
                    var count = -1;
                    while (reader.Read())
                    {
                        for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i)?.ToString();
                        count++;
                    }
                    return count;
                }),
                ("MiniExcel 1.47.1", () =>
                {
                    var count = -1;
                    foreach (IDictionary<string, object?> row in MiniExcel.Query(xlsx))
                    {
                        foreach (var cell in row.Values) _ = cell?.ToString();
                        count++;
                    }
                    return count;
                }),
            ];
            var results = new List<Result>();
            foreach (var (name, read) in readers)
            {
                read(); // warm-up: JIT and the file in the page cache
                var times = new List<double>();
                var allocated = new List<long>();
                for (var i = 0; i < 3; i++)
                {
                    GC.Collect();
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var sw = Stopwatch.StartNew();
                    var read1 = read();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
                    if (read1 != rows) throw new InvalidOperationException($"{name} read {read1} rows of {rows}.");
                }
                times.Sort();
                allocated.Sort();
                results.Add(new Result($"XLSX reader: {rows:#,##0}-row dossier export written by LibreOffice ({size / 1024.0 / 1024:0.0} MB), every cell as text: {name}",
                    $"median {times[1]:#,##0} ms ({times[0]:#,##0}–{times[2]:#,##0}) · {allocated[1] / 1024.0 / 1024:#,##0} MiB allocated",
                    "recorded (chooses the reader)", null, "3 runs after a warm-up, in-process"));
            }
            return results;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The export as a CSV, made an XLSX by LibreOffice (shared strings, as Calc writes them).</summary>
    private static async Task<string> WriteWithLibreOfficeAsync(string folder, int rows)
    {
        var csv = new StringBuilder("Mã đơn vị,Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Hình thức nộp,Cơ quan xử lý,Người nộp\n");
        string[] channels = ["Trực tiếp", "Trực tuyến một phần", "Trực tuyến toàn trình", "Bưu chính"];
        for (var i = 0; i < rows; i++)
        {
            var received = new DateTime(2026, 1, 1).AddMinutes(i * 7);
            csv.Append("que-minh,HS-").Append(i).Append(",1.00").Append(1000 + i % 40).Append(',')
               .Append(received.ToString("yyyy-MM-dd HH:mm")).Append(',').Append(received.AddDays(5).ToString("yyyy-MM-dd")).Append(',')
               .Append(i % 3 == 0 ? "" : received.AddDays(i % 7).ToString("yyyy-MM-dd HH:mm")).Append(',')
               .Append(channels[i % 4]).Append(",Tư pháp - Hộ tịch,Nguyễn Văn ").Append(i % 97).Append('\n');
        }
        var source = Path.Combine(folder, "ho-so.csv");
        await File.WriteAllTextAsync(source, csv.ToString());
        var start = new ProcessStartInfo("soffice")
        {
            // UTF-8 (76), comma, quote; its own profile folder so it never meets another soffice.
            ArgumentList = { $"-env:UserInstallation=file://{Path.Combine(folder, "profile")}", "--headless", "--norestore",
                "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", folder, source },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start (apt-get install libreoffice-calc-nogui).");
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
        var xlsx = Path.Combine(folder, "ho-so.xlsx");
        return File.Exists(xlsx) ? xlsx : throw new InvalidOperationException($"soffice did not write {xlsx}: {await process.StandardError.ReadToEndAsync()}");
    }
}
