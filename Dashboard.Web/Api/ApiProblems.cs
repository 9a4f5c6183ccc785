using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.Api;

/// <summary>
/// The API's problem-details answers: a "Tiếng Việt / English" title, details and field messages in Vietnamese, never a
/// .NET exception's text. Every 4xx/5xx under /api is one of these (<see cref="Hosting.ApiErrors"/> fills the rest).
/// </summary>
public static class ApiProblems
{
    public static string Title(int status) => status switch
    {
        400 => "Yêu cầu không hợp lệ / Bad request",
        401 => "Chưa xác thực / Not authenticated",
        403 => "Không có quyền / Forbidden",
        404 => "Không tìm thấy / Not found",
        405 => "Phương thức không được hỗ trợ / Method not allowed",
        413 => "Nội dung quá lớn / Payload too large",
        415 => "Kiểu nội dung không được hỗ trợ / Unsupported media type",
        429 => "Quá nhiều yêu cầu / Too many requests",
        >= 500 => "Lỗi máy chủ / Server error",
        _ => "Yêu cầu không được chấp nhận / Request refused",
    };

    /// <summary>What to tell a caller whose answer had no body of its own.</summary>
    public static string Detail(int status, HttpContext http) => status switch
    {
        400 => "Yêu cầu thiếu hoặc sai một tham số.",
        401 => $"Cần một khóa API hợp lệ trong tiêu đề {Accounts.ApiKeys.HeaderName} (khóa do quản trị viên cấp tại /admin/api-keys).",
        403 => "Khóa API hoặc tài khoản này không được dùng địa chỉ này.",
        404 => $"Không có địa chỉ API '{Excerpt(http.Request.Path.Value)}'.",
        405 => $"Địa chỉ này không nhận phương thức {http.Request.Method}.",
        413 => http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            ? $"Nội dung gửi lên vượt quá giới hạn {Megabytes(limit)} MB của địa chỉ này."
            : "Nội dung gửi lên vượt quá giới hạn của địa chỉ này.",
        415 => "Kiểu nội dung (Content-Type) không được hỗ trợ ở địa chỉ này.",
        >= 500 => "Máy chủ gặp lỗi khi xử lý yêu cầu. Báo cho quản trị viên kèm mã traceId của câu trả lời này.",
        _ => "Yêu cầu không được chấp nhận.",
    };

    /// <summary>Applied to every problem the app writes: a bilingual title in place of the framework's English one, and a trace id.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is null || !problem.Title.Contains(" / ", StringComparison.Ordinal)) problem.Title = Title(status);
        if (!problem.Extensions.ContainsKey("traceId"))
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }

    /// <summary>A problem for an answer without a body of its own (a 401 from authentication, a 404, a 405…).</summary>
    public static IResult ForStatus(int status, HttpContext http, IDictionary<string, string[]>? errors = null) =>
        errors is null
            ? Results.Problem(title: Title(status), detail: Detail(status, http), statusCode: status, extensions: TraceId(http))
            : Results.ValidationProblem(errors, title: Title(status), detail: Detail(status, http), statusCode: status, extensions: TraceId(http));

    public static IResult Validation(IDictionary<string, string[]> errors, string? title = null) =>
        Results.ValidationProblem(errors, title: title ?? Title(StatusCodes.Status400BadRequest));

    public static IResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A query parameter the caller left out (or empty), named with what it is.</summary>
    public static IResult MissingParameter(string name, string what) =>
        Validation(name, $"Thiếu tham số '{name}' ({what}) trong địa chỉ, ví dụ ?{name}=….");

    /// <summary>An upload over the import limit, named in MB.</summary>
    public static IResult TooLarge(long limitBytes) =>
        Results.Problem(title: Title(StatusCodes.Status413PayloadTooLarge),
            detail: $"Tệp quá lớn: mỗi lần chỉ nhập được tệp tối đa {Megabytes(limitBytes)} MB (Import:MaxBytes). Hãy chia tệp hoặc xuất theo khoảng thời gian ngắn hơn.",
            statusCode: StatusCodes.Status413PayloadTooLarge, extensions: new Dictionary<string, object?> { ["limitBytes"] = limitBytes });

    /// <summary>Bytes as MB the way a person reads them (vi-VN: "20", "20,5").</summary>
    public static string Megabytes(long bytes) => (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>At most 60 characters of something the caller sent.</summary>
    public static string Excerpt(string? value) => value is null ? "" : value.Length <= 60 ? value : value[..60] + "…";

    // Set here too: a caller whose Accept header rules out JSON gets the problem written directly, without Customize.
    private static Dictionary<string, object?> TraceId(HttpContext http) => new() { ["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier };
}
