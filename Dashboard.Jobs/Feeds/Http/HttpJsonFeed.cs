using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Shared.Ingest;
using Dashboard.Shared.Store;
using Dashboard.Shared.Time;

namespace Dashboard.Jobs.Feeds.Http;

/// <summary>Reads figures from an HTTP JSON source using the feed's mapping; every fault becomes a clear, failed run.</summary>
public sealed class HttpJsonFeed(IHttpClientFactory httpFactory, ReadingIngestor ingestor) : IFeedAdapter
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
            var (reading, problems) = Map(element, settings, feed.Id, item);
            if (reading is not null) mapped.Add((reading, item));
            rejected.AddRange(problems);
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
        string? Text(string field)
        {
            if (s.Constants.TryGetValue(field, out var constant)) return constant;
            JsonElement? value;
            try { value = JsonPath.Value(item, s.Fields[field]); }
            catch (FormatException ex) { problems.Add(new(number, field, ex.Message)); return null; }
            var text = value switch
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
        var valueText = Text("value");
        var period = periodText is null ? null : Period(periodText, s);
        if (periodText is not null && period is null)
            problems.Add(new(number, "period", $"'{periodText}' không phải kỳ báo cáo hay ngày hợp lệ (dạng {string.Join(", ", s.DateFormats)})."));
        decimal? value = null;
        if (valueText is not null)
        {
            if (decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ||
                decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.GetCultureInfo("vi-VN"), out v))
                value = v * s.Scale;
            else
                problems.Add(new(number, "value", $"'{valueText}' không phải là số."));
        }
        // An item's problems belong to its unit, when it names one: only those who may see that unit read them.
        if (unit is not null)
            for (var i = 0; i < problems.Count; i++) problems[i] = problems[i] with { Unit = unit };
        if (problems.Count > 0 || unit is null || kpi is null || period is null || value is null) return (null, problems);
        return (new ReadingInput(unit, kpi, period, feedId, value.Value), problems);
    }

    private static string? Period(string text, HttpJsonSettings s)
    {
        if (ReportingPeriod.TryParse(text, out var p)) return p.Key;
        if (!DateTime.TryParseExact(text, s.DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        var d = DateOnly.FromDateTime(date);
        return s.PeriodKind.ToLowerInvariant() switch
        {
            "day" => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "quarter" => $"{d.Year}-Q{(d.Month - 1) / 3 + 1}",
            "year" => d.Year.ToString(CultureInfo.InvariantCulture),
            _ => ReportingPeriod.MonthOf(d).Key,
        };
    }

    private async IAsyncEnumerable<JsonElement> FetchItemsAsync(FeedRow feed, HttpJsonSettings s,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var http = httpFactory.CreateClient(HttpClientName);
        http.Timeout = Timeout.InfiniteTimeSpan; // the feed's own timeout cancels the run as a whole
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

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, FeedRow feed, HttpJsonSettings s, Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in s.Headers)
            request.Headers.TryAddWithoutValidation(name, value.StartsWith("env:", StringComparison.Ordinal)
                ? Environment.GetEnvironmentVariable(value[4..]) ?? throw new FeedFaultException(
                    $"Cấu hình nguồn '{feed.Id}': biến môi trường {value[4..]} (tiêu đề {name}) chưa được đặt.")
                : value);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new FeedFaultException($"Nguồn {url.GetLeftPart(UriPartial.Path)} trả về HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
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
    }

    private static Uri WithQuery(Uri url, string name, int page)
    {
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url + separator + Uri.EscapeDataString(name) + "=" + page.ToString(CultureInfo.InvariantCulture));
    }
}
