using System.Buffers;
using System.Text;

namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// RFC 4180 CSV, decoded and parsed chunk by chunk so a large export never sits in memory as one string.
/// </summary>
internal static class CsvTableReader
{
    private const int ChunkBytes = 64 * 1024;

    public static TabularResult Read(Stream stream, string fileName, TabularLimits limits, Func<IReadOnlyList<string>, bool>? isHeader = null)
    {
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxBytes)
            throw TabularMessages.TooLarge(fileName, limits, stream.Length - stream.Position);

        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        // Every supported encoding yields at most one char per byte, plus what a sequence split across chunks carries over.
        var chars = ArrayPool<char>.Shared.Rent(ChunkBytes + 16);
        try
        {
            long total = 0;
            var n = ReadLimited(stream, bytes, minimum: 4, ref total, fileName, limits);
            var head = bytes.AsSpan(0, n);
            if (head is [0x50, 0x4B, 0x03, 0x04, ..]) throw TabularMessages.XlsxNamedCsv(fileName);
            if (head is [0xD0, 0xCF, 0x11, 0xE0, ..]) throw TabularMessages.OldExcel(fileName);

            var (encoding, bomLength) = DetectEncoding(head);
            var decoder = encoding.GetDecoder();
            var parser = new CsvParser(fileName, limits, isHeader);
            var span = bytes.AsSpan(bomLength, n - bomLength);
            while (true)
            {
                parser.Feed(chars.AsSpan(0, Decode(decoder, span, chars, flush: false, encoding, fileName)));
                n = ReadLimited(stream, bytes, minimum: 1, ref total, fileName, limits);
                if (n == 0) break;
                span = bytes.AsSpan(0, n);
            }
            // Flushing reports a multi-byte sequence cut off by the end of the file.
            parser.Feed(chars.AsSpan(0, Decode(decoder, [], chars, flush: true, encoding, fileName)));
            return parser.Finish();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Never reads past MaxBytes + 1, so a file without a known length is refused after one byte too many.</summary>
    private static int ReadLimited(Stream stream, byte[] buffer, int minimum, ref long total, string fileName, TabularLimits limits)
    {
        var room = TabularReader.Room(ChunkBytes, limits, total);
        var n = stream.ReadAtLeast(buffer.AsSpan(0, room), Math.Min(minimum, room), throwOnEndOfStream: false);
        total += n;
        if (total > limits.MaxBytes) throw TabularMessages.TooLarge(fileName, limits, null);
        return n;
    }

    private static int Decode(Decoder decoder, ReadOnlySpan<byte> bytes, char[] chars, bool flush, Encoding encoding, string fileName)
    {
        try
        {
            return decoder.GetChars(bytes, chars, flush);
        }
        catch (DecoderFallbackException)
        {
            // Decoding legacy Vietnamese bytes as anything would store mojibake names in the dashboard for good.
            throw encoding is UTF8Encoding
                ? TabularMessages.NotUtf8(fileName)
                : TabularMessages.BadUnicode(fileName, encoding.WebName.ToUpperInvariant());
        }
    }

    /// <summary>Only a byte order mark selects UTF-16 or UTF-32 ("Unicode Text" from Excel); everything else must be UTF-8.</summary>
    private static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (new UTF8Encoding(false, true), 3),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        _ => (new UTF8Encoding(false, true), 0),
    };

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private sealed class CsvParser(string fileName, TabularLimits limits, Func<IReadOnlyList<string>, bool>? isHeader)
    {
        private readonly StringBuilder field = new();
        private readonly List<string> cells = [];
        private StringBuilder? head = new();
        private bool headInQuotes;
        private char delimiter;
        private SearchValues<char> unquotedStops = SearchValues.Create("\0");
        private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\0");
        private TableBuilder builder = null!;
        private State state;
        private bool pendingCr;
        private bool inRecord;
        private bool fieldTooLong;
        private string? recordError;
        private int row;

        public void Feed(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty) return;
            if (head is null)
            {
                Parse(text);
                return;
            }
            // The delimiter is chosen from the header line, so text is held back until that line is complete.
            var offset = head.Length;
            head.Append(text);
            if (FindHeadEnd(text) is { } end) StartParsing(offset + end);
        }

        public TabularResult Finish()
        {
            if (head is not null) StartParsing(head.Length);
            if (state == State.Quoted)
            {
                recordError ??= "dấu ngoặc kép (\") mở ở dòng này không được đóng, nên phần còn lại của tệp bị gộp vào một ô.";
                EndRecord();
            }
            else if (inRecord || state != State.FieldStart)
            {
                EndRecord();
            }
            return builder.Build(sheetName: null);
        }

        private int? FindHeadEnd(ReadOnlySpan<char> text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"') headInQuotes = !headInQuotes;
                else if (!headInQuotes && c is '\r' or '\n') return i;
            }
            return null;
        }

        private void StartParsing(int headerEnd)
        {
            var text = head!.ToString();
            head = null;
            var line = text.AsSpan(0, headerEnd);
            var start = 0;
            // Excel writes and honours a first line "sep=;" and does not show it as a row.
            if (line.Length == 5 && line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            {
                delimiter = line[4];
                start = headerEnd + 1;
                if (headerEnd < text.Length && text[headerEnd] == '\r') pendingCr = true;
            }
            else
            {
                delimiter = Detect(line);
            }
            unquotedStops = SearchValues.Create([delimiter, '\r', '\n', '\0']);
            builder = new TableBuilder(fileName, limits, delimiter, isHeader);
            Parse(text.AsSpan(Math.Min(start, text.Length)));
        }

        /// <summary>Vietnamese Excel saves "CSV" with ';' (the decimal separator is ','); "Unicode Text" uses tabs.</summary>
        private static char Detect(ReadOnlySpan<char> header)
        {
            int comma = 0, semicolon = 0, tab = 0;
            var quoted = false;
            foreach (var c in header)
            {
                if (c == '"') quoted = !quoted;
                else if (quoted) continue;
                else if (c == ',') comma++;
                else if (c == ';') semicolon++;
                else if (c == '\t') tab++;
            }
            if (semicolon > comma && semicolon >= tab) return ';';
            if (tab > comma && tab > semicolon) return '\t';
            return ',';
        }

        private void Parse(ReadOnlySpan<char> s)
        {
            var i = 0;
            while (i < s.Length)
            {
                if (pendingCr)
                {
                    pendingCr = false;
                    if (s[i] == '\n')
                    {
                        i++;
                        continue;
                    }
                }
                switch (state)
                {
                    case State.FieldStart when s[i] == '"':
                        state = State.Quoted;
                        inRecord = true;
                        i++;
                        break;
                    case State.FieldStart:
                    case State.Unquoted:
                    {
                        state = State.Unquoted;
                        inRecord = true;
                        var rest = s[i..];
                        var k = rest.IndexOfAny(unquotedStops);
                        if (k < 0)
                        {
                            Append(rest);
                            i = s.Length;
                            break;
                        }
                        i += k + 1;
                        // Most cells lie whole inside one chunk: make the string straight from the text.
                        if (field.Length == 0 && !fieldTooLong && k <= TabularLimits.MaxCellChars) Stop(rest[k], rest[..k].ToString());
                        else
                        {
                            Append(rest[..k]);
                            Stop(rest[k], null);
                        }
                        break;
                    }
                    case State.Quoted:
                    {
                        var rest = s[i..];
                        var k = rest.IndexOfAny(QuotedStops);
                        if (k < 0)
                        {
                            Append(rest);
                            i = s.Length;
                            break;
                        }
                        Append(rest[..k]);
                        i += k + 1;
                        if (rest[k] == '\0') throw TabularMessages.NotUtf8(fileName);
                        state = State.QuoteInQuoted;
                        break;
                    }
                    case State.QuoteInQuoted:
                    {
                        var c = s[i];
                        if (c == '"')
                        {
                            Append("\"");
                            state = State.Quoted;
                            i++;
                        }
                        else if (c == delimiter || c is '\r' or '\n' or '\0')
                        {
                            i++;
                            Stop(c, null);
                        }
                        else
                        {
                            // Excel would glue the text on silently; a value that was probably mangled is better refused.
                            recordError ??= "có ký tự ngay sau dấu ngoặc kép đóng một ô; ô có dấu ngoặc kép bên trong phải viết \"\" (hai dấu).";
                            state = State.Unquoted;
                        }
                        break;
                    }
                }
            }
        }

        /// <summary>Keeps at most one character past Excel's cell limit: enough to refuse the row, not a 20 MB string.</summary>
        private void Append(ReadOnlySpan<char> text)
        {
            if (fieldTooLong) return;
            var room = TabularLimits.MaxCellChars - field.Length;
            if (text.Length <= room)
            {
                field.Append(text);
                return;
            }
            field.Append(text[..Math.Max(0, room)]);
            fieldTooLong = true;
        }

        /// <summary>The cell just read; a cell beyond Excel's limit becomes empty and its row an error.</summary>
        private string TakeCell(string? value)
        {
            var cell = value ?? field.ToString();
            field.Clear();
            if (!fieldTooLong && cell.Length <= TabularLimits.MaxCellChars) return cell;
            fieldTooLong = false;
            recordError ??= $"ô thứ {cells.Count + 1} (cột {TabularHeader.ColumnLetters(cells.Count)}) dài hơn " +
                $"{TabularMessages.Count(TabularLimits.MaxCellChars)} ký tự (giới hạn của một ô Excel), nên dòng này không được nhận.";
            return "";
        }

        private void Stop(char c, string? value)
        {
            if (c == delimiter)
            {
                cells.Add(TakeCell(value));
                state = State.FieldStart;
                return;
            }
            // A NUL in text means UTF-16 without a byte order mark, or a binary file: valid UTF-8 bytes, meaningless text.
            if (c == '\0') throw TabularMessages.NotUtf8(fileName);
            EndRecord(value);
            if (c == '\r') pendingCr = true;
        }

        private void EndRecord(string? value = null)
        {
            cells.Add(TakeCell(value));
            // One record is one spreadsheet row even when a quoted cell spans several lines.
            builder.Add(++row, cells, recordError);
            cells.Clear();
            recordError = null;
            state = State.FieldStart;
            inRecord = false;
        }
    }
}
