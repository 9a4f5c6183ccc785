using System.Text.Json;
using System.Text.Unicode;
using Dashboard.Shared.Ingest;

namespace Dashboard.Web.Api;

/// <summary>
/// Reads a JSON request body for the ingest endpoints. The bytes are checked as UTF-8 first: the JSON reader accepts
/// invalid UTF-8 inside strings and only fails when a string is read, deep in the endpoint, as an exception.
/// </summary>
public static class JsonBody
{
    /// <summary>The parsed body, or the error for the field <c>body</c> (in Vietnamese, with the line and position).</summary>
    public static async Task<(JsonDocument? Document, FieldError? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // JsonDocument.ParseAsync buffers the whole body as well; the size is bounded by the server's body limit.
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
            return (null, new FieldError("body", "Nội dung trống: cần một đối tượng hoặc một mảng JSON."));
        if (!Utf8.IsValid(bytes.Span))
        {
            var (line, column) = Position(bytes.Span, FirstInvalid(bytes.Span));
            return (null, new FieldError("body",
                $"Nội dung không phải văn bản UTF-8 hợp lệ (byte sai ở dòng {line}, vị trí {column}). Hãy gửi JSON mã hóa UTF-8."));
        }
        try
        {
            return (JsonDocument.Parse(bytes), null);
        }
        catch (JsonException ex)
        {
            // The reader's own message is English; its line and position are what a caller needs.
            return (null, new FieldError("body", $"JSON không hợp lệ ở dòng {ex.LineNumber + 1}, vị trí {ex.BytePositionInLine + 1}."));
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    /// <summary>1-based line and byte position of an offset, as the JSON reader reports them.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, offset - lineStart + 1);
    }
}
