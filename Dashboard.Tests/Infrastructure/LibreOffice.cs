using System.Diagnostics;
using System.IO.Compression;
using System.Security;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Workbooks as LibreOffice Calc writes them: a test writes a flat-XML spreadsheet (.fods: date cells, merged title rows
/// and hidden sheets expressed exactly) and converts it with Debian's <c>soffice</c> in the test run, so the reader is
/// tested against a real writer's XLSX rather than one we wrote ourselves.
/// </summary>
public static class LibreOffice
{
    public const string Path = "/usr/bin/soffice";

    /// <summary>Converts the flat-XML spreadsheet to XLSX and returns the XLSX's path (in a new temporary folder).</summary>
    /// <param name="hiddenSheets">Sheets the XLSX must keep hidden. Headless, LibreOffice writes every sheet of an ODS visible
    /// in XLSX (with no view, the first sheet is the active one, and an active sheet is never hidden), while it keeps the
    /// state from XLSX to XLSX: so the state is set in its first XLSX, and LibreOffice writes the file again from that.</param>
    public static async Task<string> ConvertToXlsxAsync(string fods, string name, params string[] hiddenSheets)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dashboard-tests", "soffice-" + Guid.NewGuid().ToString("N"));
        var first = System.IO.Path.Combine(folder, "first");
        Directory.CreateDirectory(first);
        var source = System.IO.Path.Combine(first, name + ".fods");
        await File.WriteAllTextAsync(source, fods);
        var xlsx = await ConvertAsync(source, first, folder);
        if (hiddenSheets.Length == 0)
        {
            File.Move(xlsx, System.IO.Path.Combine(folder, name + ".xlsx"));
            return System.IO.Path.Combine(folder, name + ".xlsx");
        }
        using (var zip = ZipFile.Open(xlsx, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/workbook.xml")!;
            string book;
            using (var reader = new StreamReader(entry.Open())) book = await reader.ReadToEndAsync();
            var sheets = Regex.Matches(book, "<sheet name=\"([^\"]*)\"").Select(m => SecurityElement.Escape(m.Groups[1].Value)).ToList();
            foreach (var hidden in hiddenSheets.Select(SecurityElement.Escape))
                book = Regex.Replace(book, $"(<sheet name=\"{Regex.Escape(hidden!)}\"[^>]*state=\")visible\"", "$1hidden\"");
            var active = sheets.FindIndex(s => !hiddenSheets.Select(SecurityElement.Escape).Contains(s));
            book = Regex.Replace(book, "activeTab=\"\\d+\"", $"activeTab=\"{active}\"");
            entry.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            await writer.WriteAsync(book);
        }
        return await ConvertAsync(xlsx, folder, folder);
    }

    /// <summary>Runs soffice on <paramref name="source"/> into <paramref name="outDir"/>; its profile lives in <paramref name="folder"/>.</summary>
    /// <remarks>Each conversion has its own profile folder: two test runs at once would otherwise share (and lock) one.</remarks>
    private static async Task<string> ConvertAsync(string source, string outDir, string folder)
    {
        var soffice = Environment.GetEnvironmentVariable("SOFFICE_PATH") ?? Path;
        if (!File.Exists(soffice))
            throw new InvalidOperationException($"LibreOffice not found at {soffice}: install it (apt-get install libreoffice-calc-nogui) or set SOFFICE_PATH.");
        var profile = System.IO.Path.Combine(folder, "profile");
        var target = System.IO.Path.Combine(outDir, System.IO.Path.GetFileNameWithoutExtension(source) + ".xlsx");
        var start = new ProcessStartInfo(soffice)
        {
            ArgumentList = { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", outDir, source },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // The first start of a profile takes a while on a busy two-core machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"soffice did not convert {source} within 3 minutes.");
        }
        if (process.ExitCode != 0 || !File.Exists(target))
            throw new InvalidOperationException($"soffice failed to convert {source} (exit {process.ExitCode}): {await output} {await error}");
        return target;
    }

    /// <summary>A cell of a flat-XML spreadsheet with its text escaped.</summary>
    public static string Text(string text) =>
        $"<table:table-cell office:value-type=\"string\"><text:p>{SecurityElement.Escape(text)}</text:p></table:table-cell>";

    /// <summary>A date cell (style <c>date</c>: dd/MM/yyyy).</summary>
    public static string Date(DateOnly date) =>
        $"<table:table-cell table:style-name=\"date\" office:value-type=\"date\" office:date-value=\"{date:yyyy-MM-dd}\"><text:p>{date:dd/MM/yyyy}</text:p></table:table-cell>";

    /// <summary>A date-and-time cell (style <c>datetime</c>: dd/MM/yyyy HH:mm).</summary>
    public static string DateTime(System.DateTime at) =>
        $"<table:table-cell table:style-name=\"datetime\" office:value-type=\"date\" office:date-value=\"{at:yyyy-MM-ddTHH:mm:ss}\"><text:p>{at:dd/MM/yyyy HH:mm}</text:p></table:table-cell>";

    public static string Number(decimal value) =>
        $"<table:table-cell office:value-type=\"float\" office:value=\"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"><text:p>{value}</text:p></table:table-cell>";

    public static string Row(params string[] cells) => "<table:table-row>" + string.Concat(cells) + "</table:table-row>";

    /// <summary>A title across <paramref name="columns"/> merged cells, as reports put above their table.</summary>
    public static string MergedTitle(string title, int columns) =>
        $"<table:table-row><table:table-cell table:number-columns-spanned=\"{columns}\" table:number-rows-spanned=\"1\" office:value-type=\"string\">" +
        $"<text:p>{SecurityElement.Escape(title)}</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"{columns - 1}\"/></table:table-row>";

    public static string EmptyRow => "<table:table-row><table:table-cell/></table:table-row>";

    /// <summary>A sheet; a hidden one as a one-stop package keeps its lookup lists.</summary>
    public static string Sheet(string name, bool hidden, params string[] rows) =>
        $"<table:table table:name=\"{SecurityElement.Escape(name)}\" table:style-name=\"{(hidden ? "hidden" : "shown")}\">" + string.Concat(rows) + "</table:table>";

    /// <summary>A whole flat-XML spreadsheet of the given sheets, with the <c>date</c> and <c>datetime</c> cell styles.</summary>
    public static string Document(params string[] sheets) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
          xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
          xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
          xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
          office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
          <office:automatic-styles>
            <number:date-style style:name="d1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
            <number:date-style style:name="d2"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
            <style:style style:name="date" style:family="table-cell" style:data-style-name="d1"/>
            <style:style style:name="datetime" style:family="table-cell" style:data-style-name="d2"/>
            <style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>
            <style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
          </office:automatic-styles>
          <office:body><office:spreadsheet>{string.Concat(sheets)}</office:spreadsheet></office:body>
        </office:document>
        """;
}
