using Dashboard.Jobs.Feeds.Records;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Jobs.Jobs;

/// <summary>
/// Imports files dropped into the watched folder, laid out as <c>&lt;feed&gt;/&lt;kind&gt;/file.csv|xlsx</c>
/// (e.g. <c>one-stop/dossier/ho-so-2026-11-27.xlsx</c>). Each file is one recorded run; afterwards it moves to
/// <c>da-nhap/</c> (imported) or <c>loi/</c> (refused), so nothing is imported twice and nothing is lost.
/// </summary>
public sealed class WatchFolderJob(RecordImport import, IOptions<ImportOptions> options, TimeProvider time, ILogger<WatchFolderJob> logger)
{
    public const string JobId = "import-watch-folder";
    public const string Imported = "da-nhap";
    public const string Refused = "loi";

    // A file still being copied in is left for the next run.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [JobDisplayName("Nhập tệp từ thư mục theo dõi / import the watched folder")]
    public async Task RunAsync(CancellationToken ct)
    {
        var root = options.Value.WatchFolder;
        if (string.IsNullOrWhiteSpace(root) || !Directory.Exists(root)) return;
        foreach (var feedDir in Directory.EnumerateDirectories(root))
        foreach (var kindDir in Directory.EnumerateDirectories(feedDir))
        {
            var feed = Path.GetFileName(feedDir);
            var kind = Path.GetFileName(kindDir);
            if (RecordKinds.Find(kind) is null) continue;
            foreach (var file in Directory.EnumerateFiles(kindDir).Where(IsImportable).Order())
            {
                if (time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(file) < Settle) continue;
                await ImportOneAsync(feed, kind, kindDir, file, ct);
            }
        }
    }

    private async Task ImportOneAsync(string feed, string kind, string kindDir, string file, CancellationToken ct)
    {
        bool ok;
        try
        {
            await using var stream = File.OpenRead(file);
            var outcome = await import.ImportAsync(feed, kind, null, stream, Path.GetFileName(file), "folder", ct);
            ok = outcome.Succeeded;
        }
        catch (ArgumentException ex)
        {
            logger.LogWarning("Watched file {File} was not imported: {Reason}", file, ex.Message);
            ok = false;
        }
        var target = Path.Combine(kindDir, ok ? Imported : Refused);
        Directory.CreateDirectory(target);
        var stamp = VietnamStamp();
        File.Move(file, Path.Combine(target, $"{stamp}-{Path.GetFileName(file)}"), overwrite: false);
    }

    private string VietnamStamp() =>
        Shared.Time.VietnamTime.ToLocal(time.GetUtcNow()).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsImportable(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".xlsx" && !Path.GetFileName(path).StartsWith('.') && !Path.GetFileName(path).StartsWith('~');
}
