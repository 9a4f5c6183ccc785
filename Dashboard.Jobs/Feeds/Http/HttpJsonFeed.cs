using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Dashboard.Jobs.Feeds.Http;

/// <summary>Reads figures from an HTTP JSON source using the feed's mapping; every fault becomes a clear, failed run.</summary>
public sealed class HttpJsonFeed(IHttpClientFactory httpFactory, ReadingIngestor ingestor, IOptions<FeedHttpOptions> httpOptions) : IFeedAdapter
{
    public const string HttpClientName = "feeds";

    private static readonly JsonSerializerOptions SettingsJson = new()
    {
        PropertyNameCaseInsensitive = true,
        // Settings seeded from configuration arrive as strings ("100", "5").
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public string Kind => FeedKinds.HttpJson;

    public static HttpJsonSettings ReadSettings(FeedRow feed)
    {
        try
        {
            var settings = JsonSerializer.Deserialize<HttpJsonSettings>(feed.SettingsJson, SettingsJson) ?? new();
            if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new FeedFaultException($"Cấu hình nguồn '{feed.Id}': địa chỉ (url) '{settings.Url}' không hợp lệ.");
            foreach (var field in new[] { "unit", "kpi", "period", "value" })
                if (!settings.Fields.ContainsKey(field) && !settings.Constants.ContainsKey(field))
                    throw new FeedFaultException($"Cấu hình nguồn '{feed.Id}': thiếu ánh xạ cho trường '{field}' (fields hoặc constants).");
            if (settings.MaxResponseBytes <= 0)
                throw new FeedFaultException($"Cấu hình nguồn '{feed.Id}': MaxResponseBytes phải lớn hơn 0.");
            return settings;
        }
        catch (JsonException ex)
        {
            throw new FeedFaultException($"Cấu hình nguồn '{feed.Id}' không phải JSON hợp lệ: {ex.Message}", ex);
        }
    }

    public async Task<FeedRunResult> RunAsync(FeedRow feed, CancellationToken ct)
    {
        var settings = ReadSettings(feed);
        var mapped = new List<(ReadingInput Reading, int Item)>();
        var rejected = new List<RejectedRow>();
        var item = 0;
        await foreach (var element in FetchItemsAsync(feed, settings, ct))
        {
            item++;
            try
            {
                var (reading, problems) = Map(element, settings, feed.Id, item);
                if (reading is not null) mapped.Add((reading, item));
                rejected.AddRange(problems);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Map reports what it foresees; anything else is still about this item alone, never the delivery.
                rejected.Add(new(item, "", $"Không đọc được mục này (lỗi không mong đợi {ex.GetType().Name}); mục bị bỏ qua."));
            }
        }

        // Figures from outside: record-based KPIs and the reserved demo source are refused, as on the API.
        var result = await ingestor.IngestValidAsync(mapped.Select(m => m.Reading).ToList(), external: true, ct);
        rejected.AddRange(result.Errors.Select(e =>
            new RejectedRow(e.Index is { } i ? mapped[i].Item : 0, e.Name, e.Message, e.Index is { } j ? mapped[j].Reading.UnitCode : null)));
        var units = mapped.Select(m => m.Reading.UnitCode).Concat(rejected.Select(r => r.Unit).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        return new FeedRunResult(result.Accepted, result.Changed, rejected.OrderBy(r => r.Row).ToList(), units);
    }

    private static (ReadingInput? Reading, List<RejectedRow> Problems) Map(JsonElement item, HttpJsonSettings s, string feedId, int number)
    {
        var problems = new List<RejectedRow>();
        JsonElement? Element(string field)
        {
            try { return JsonPath.Value(item, s.Fields[field]); }
            catch (FormatException ex) { problems.Add(new(number, field, ex.Message)); return null; }
        }
        string? Text(string field)
        {
            if (s.Constants.TryGetValue(field, out var constant)) return constant;
            var text = Element(field) switch
            {
                null or { ValueKind: JsonValueKind.Null } => null,
                { ValueKind: JsonValueKind.String } v => v.GetString(),
                { } v => v.GetRawText(),
            };
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add(new(number, field, $"Thiếu giá trị (đường dẫn {s.Fields[field]})."));
                return null;
            }
            text = text.Trim();
            return s.CodeMaps.TryGetValue(field, out var map) && map.TryGetValue(text, out var mapped) ? mapped : text;
        }

        var unit = Text("unit");
        var kpi = Text("kpi");
        var periodText = Text("period");
        var period = periodText is null ? null : Period(periodText, s, out var periodError) ?? Problem("period", periodError!);
        var value = Value();
        // An item's problems belong to its unit, when it names one: only those who may see that unit read them.
        if (unit is not null)
            for (var i = 0; i < problems.Count; i++) problems[i] = problems[i] with { Unit = unit };
        if (problems.Count > 0 || unit is null || kpi is null || period is null || value is null) return (null, problems);
        return (new ReadingInput(unit, kpi, period, feedId, value.Value), problems);

        string? Problem(string field, string message)
        {
            problems.Add(new(number, field, message));
            return null;
        }

        // A JSON number is the number it is; a string is text someone (or something) wrote, read the one Vietnamese-first way.
        decimal? Value()
        {
            decimal v;
            if (!s.Constants.ContainsKey("value") && Element("value") is { ValueKind: JsonValueKind.Number } json)
            {
                if (!json.TryGetDecimal(out v))
                {
                    Problem("value", $"Giá trị {TextExcerpt.Of(json.GetRawText())} quá lớn hoặc quá nhỏ để là một số liệu.");
                    return null;
                }
            }
            else if (Text("value") is not { } text) return null;
            else if (!NumberText.TryParse(text, out v, out var error))
            {
                Problem("value", error!);
                return null;
            }
            try
            {
                return v * s.Scale;
            }
            catch (OverflowException)
            {
                Problem("value", $"Giá trị {NumberText.Format(v)} nhân hệ số {NumberText.Format(s.Scale)} vượt quá mức có thể lưu.");
                return null;
            }
        }
    }

    /// <summary>The period key of a period or a date, or null with the reason (a date before 2000 is one, not an exception).</summary>
    private static string? Period(string text, HttpJsonSettings s, out string? error)
    {
        if (ReportingPeriod.TryParse(text, out var p, out var periodError))
        {
            error = null;
            return p.Key;
        }
        if (!DateTime.TryParseExact(text, s.DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // Shaped like a period (2026-11, 9999) but not a valid one: say why; otherwise it is neither a period nor a date.
            error = System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}(-|$)") ? periodError
                : $"'{TextExcerpt.Of(text)}' không phải kỳ báo cáo hay ngày hợp lệ (dạng {string.Join(", ", s.DateFormats)}).";
            return null;
        }
        var d = DateOnly.FromDateTime(date);
        var key = s.PeriodKind.ToLowerInvariant() switch
        {
            "day" => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "quarter" => $"{d.Year:0000}-Q{(d.Month - 1) / 3 + 1}",
            "year" => d.Year.ToString("0000", CultureInfo.InvariantCulture),
            _ => $"{d.Year:0000}-{d.Month:00}",
        };
        if (ReportingPeriod.TryParse(key, out p, out _))
        {
            error = null;
            return p.Key;
        }
        error = $"Ngày '{TextExcerpt.Of(text)}' nằm ngoài khoảng cho phép (năm {ReportingPeriod.FirstYear} đến {ReportingPeriod.LastYear}).";
        return null;
    }

    private async IAsyncEnumerable<JsonElement> FetchItemsAsync(FeedRow feed, HttpJsonSettings s,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        // Timeouts are the resilience pipeline's (FeedHttpResilience) and the run's: HttpClient's own would cut across retries.
        http.Timeout = Timeout.InfiniteTimeSpan;
        Uri? next = new(s.Url);
        for (var page = 1; next is not null && page <= s.MaxPages; page++)
        {
            var url = s.PageParameter is null ? next : WithQuery(next, s.PageParameter, page);
            using var document = await GetJsonAsync(http, feed, s, url, ct);
            var items = ItemsOf(document.RootElement, s.ItemsPath, url);
            foreach (var item in items) yield return item.Clone();

            if (s.NextPagePath is not null)
            {
                var link = JsonPath.Value(document.RootElement, s.NextPagePath);
                next = link is { ValueKind: JsonValueKind.String } l && !string.IsNullOrWhiteSpace(l.GetString())
                    ? new Uri(url, l.GetString()) : null;
            }
            else if (s.PageParameter is null || items.Count == 0)
            {
                next = null;
            }
        }
    }

    private static List<JsonElement> ItemsOf(JsonElement root, string path, Uri url)
    {
        var found = JsonPath.Select(root, path).ToList();
        if (found.Count == 1 && found[0].ValueKind == JsonValueKind.Array) return found[0].EnumerateArray().ToList();
        if (found.Count == 0) throw new FeedFaultException($"Phản hồi từ {url} không có danh sách tại '{path}'.");
        return found;
    }

    private async Task<JsonDocument> GetJsonAsync(HttpClient http, FeedRow feed, HttpJsonSettings s, Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(FeedHttpResilience.TotalTimeoutKey, TimeSpan.FromSeconds(Math.Max(1, feed.TimeoutSeconds)));
        var attempts = httpOptions.Value.MaxRetries + 1;
        foreach (var (name, value) in s.Headers)
            request.Headers.TryAddWithoutValidation(name, value.StartsWith("env:", StringComparison.Ordinal)
                ? Environment.GetEnvironmentVariable(value[4..]) ?? throw new FeedFaultException(
                    $"Cấu hình nguồn '{feed.Id}': biến môi trường {value[4..]} (tiêu đề {name}) chưa được đặt.")
                : value);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new FeedFaultException($"Nguồn {url.GetLeftPart(UriPartial.Path)} trả về HTTP {(int)response.StatusCode} {response.ReasonPhrase}" +
                    (FeedHttpResilience.IsTransient(response.StatusCode) ? $" (sau {attempts} lần thử)." : "."));
            if (response.Content.Headers.ContentLength > s.MaxResponseBytes) throw TooLarge(feed, url, s);
            // Read as it streams in and stopped at the limit: a 50 MB body must not be buffered whole to find out.
            await using var body = new LimitedStream(await response.Content.ReadAsStreamAsync(ct), s.MaxResponseBytes, () => TooLarge(feed, url, s));
            return await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            throw new FeedFaultException($"Nguồn {url.GetLeftPart(UriPartial.Path)} trả về nội dung không phải JSON hợp lệ (dòng {ex.LineNumber + 1}).", ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException or null || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new FeedFaultException($"Không kết nối được tới nguồn {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
        {
            throw new FeedFaultException($"Nguồn {url.GetLeftPart(UriPartial.Path)} không trả lời trong {feed.TimeoutSeconds} giây (hết thời gian chờ).", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            // The pipeline gave up: its total timeout (the feed's) ran out, or every attempt did.
            throw new FeedFaultException($"Nguồn {url.GetLeftPart(UriPartial.Path)} không trả lời kịp (hết thời gian chờ): " +
                $"tối đa {attempts} lần thử, mỗi lần {NumberText.Format((decimal)httpOptions.Value.AttemptTimeout.TotalSeconds)} giây, " +
                $"cả thảy trong {feed.TimeoutSeconds} giây.", ex);
        }
    }

    private static FeedFaultException TooLarge(FeedRow feed, Uri url, HttpJsonSettings s) =>
        new($"Nguồn '{feed.Id}': phản hồi quá lớn. Phản hồi từ {url.GetLeftPart(UriPartial.Path)} lớn hơn giới hạn {NumberText.Format(s.MaxResponseBytes)} byte " +
            $"(cài đặt MaxResponseBytes của nguồn), nên lần chạy bị dừng và không lưu gì từ lần này. " +
            "Hãy cho nguồn chia trang (NextPagePath hoặc PageParameter), hoặc tăng MaxResponseBytes trên trang /feeds nếu dung lượng này là bình thường.");

    /// <summary>Passes reads through until more than <c>max</c> bytes have come, then throws what <c>exceeded</c> gives.</summary>
    private sealed class LimitedStream(Stream inner, long max, Func<Exception> exceeded) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > max ? throw exceeded() : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private static Uri WithQuery(Uri url, string name, int page)
    {
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url + separator + Uri.EscapeDataString(name) + "=" + page.ToString(CultureInfo.InvariantCulture));
    }
}
