using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

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
            // The import's log line says where its time went (read, checked, stored, figures).
            ["Logging__LogLevel__Dashboard.Jobs.Feeds.Records.RecordImport"] = "Information",
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
        await Task.Delay(500); // the console line is written as the response goes out
        var phases = server.ConsoleLines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\((read [^)]*)\)")).LastOrDefault(m => m.Success)?.Groups[1].Value;
        var (ceiling, ceilingTime) = await RawInsertAsync(Path.Combine(server.DataPath, "dashboard.db"), rows);
        return
        [
            new Result($"Import: {rows:#,##0}-row dossier CSV ({bytes.Length / 1024.0 / 1024:0.0} MB) through the upload endpoint into SQLite",
                $"{rate:#,##0} records/s ({elapsed.TotalSeconds:0.0} s)", "≥ 100,000 records/s", smoke ? null : rate >= 100_000,
                $"the POST returns once the file is read, every row checked, the records stored and the commune's figures recomputed and pushed; " +
                $"{rate / ceiling * 100:0}% of the raw insert rate (next row)" + (phases is null ? "" : $"; where the time went (the server's log): {phases}")),
            new Result($"Import ceiling: the same {rows:#,##0} stored rows inserted raw into an empty copy of the table (SQLite, same schema and indexes, one transaction, one prepared statement)",
                $"{ceiling:#,##0} rows/s ({ceilingTime.TotalSeconds:0.00} s)", "recorded (the ceiling of the row above)", null,
                "the rows as the import stored them (JSON as normalised), read back from the server's database; WAL and synchronous=NORMAL as the app sets them"),
        ];
    }

    /// <summary>
    /// What SQLite itself allows for these rows: read them back from the server's database (WAL: readable while it runs),
    /// create the table and its indexes as the server has them in a new file, and insert them with nothing else to do.
    /// </summary>
    private static async Task<(double Rate, TimeSpan Time)> RawInsertAsync(string serverDb, int expected)
    {
        var rows = new List<object[]>();
        var schema = new List<string>();
        await using (var source = new SqliteConnection($"Data Source={serverDb};Mode=ReadOnly;Pooling=false"))
        {
            await source.OpenAsync();
            await using (var ddl = source.CreateCommand())
            {
                ddl.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'source_records' AND sql IS NOT NULL ORDER BY type DESC";
                await using var reader = await ddl.ExecuteReaderAsync();
                while (await reader.ReadAsync()) schema.Add(reader.GetString(0));
            }
            await using var read = source.CreateCommand();
            read.CommandText = """SELECT "Source", "UnitCode", "Kind", "RecordKey", "DataJson", "FirstSeenAt", "UpdatedAt" FROM "source_records" """;
            await using var all = await read.ExecuteReaderAsync();
            while (await all.ReadAsync())
            {
                var values = new object[7];
                all.GetValues(values);
                rows.Add(values);
            }
        }
        if (rows.Count != expected) throw new InvalidOperationException($"The server stored {rows.Count} rows, not {expected}.");

        var folder = Path.Combine(Path.GetTempPath(), "dashboard-bench", "raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var target = new SqliteConnection($"Data Source={Path.Combine(folder, "raw.db")};Pooling=false");
            await target.OpenAsync();
            await using (var setup = target.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " + string.Join(";\n", schema) + ";";
                await setup.ExecuteNonQueryAsync();
            }
            var sw = Stopwatch.StartNew();
            await using (var tx = (SqliteTransaction)await target.BeginTransactionAsync())
            {
                await using var insert = target.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = """INSERT INTO "source_records" ("Source", "UnitCode", "Kind", "RecordKey", "DataJson", "FirstSeenAt", "UpdatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)""";
                var parameters = Enumerable.Range(1, 7).Select(i => insert.Parameters.Add(new SqliteParameter("$" + i, null))).ToArray();
                insert.Prepare();
                foreach (var row in rows)
                {
                    for (var i = 0; i < 7; i++) parameters[i].Value = row[i];
                    insert.ExecuteNonQuery();
                }
                await tx.CommitAsync();
            }
            sw.Stop();
            return (rows.Count / sw.Elapsed.TotalSeconds, sw.Elapsed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
