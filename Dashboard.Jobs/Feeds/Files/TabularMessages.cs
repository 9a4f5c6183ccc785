using System.Globalization;

namespace Dashboard.Jobs.Feeds.Files;

/// <summary>The whole-file refusals, worded for the commune staff who exported the file and must fix it.</summary>
internal static class TabularMessages
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public const string ResaveAsUtf8 =
        "Lưu lại tệp dưới dạng CSV UTF-8: mở tệp bằng Excel, chọn File → Save As (Lưu thành), " +
        "chọn kiểu \"CSV UTF-8 (Comma delimited) (*.csv)\" rồi gửi lại tệp mới.";

    public static TabularFileException TooLarge(string fileName, TabularLimits limits, long? actualBytes) =>
        new(fileName, (actualBytes is { } size ? $"dung lượng {Size(size)} vượt" : "dung lượng vượt") +
            $" giới hạn {SizeWithBytes(limits.MaxBytes)} cho mỗi tệp. " +
            "Hãy tách thành nhiều tệp nhỏ hơn rồi gửi lại.");

    public static TabularFileException TooManyRows(string fileName, TabularLimits limits) =>
        new(fileName, $"số dòng dữ liệu vượt giới hạn {limits.MaxRows.ToString("N0", Vi)} dòng cho mỗi tệp. " +
            "Hãy tách thành nhiều tệp nhỏ hơn rồi gửi lại.");

    public static TabularFileException NotUtf8(string fileName) =>
        new(fileName, "nội dung không phải là văn bản UTF-8 (có thể đang dùng bảng mã cũ như Windows-1258, TCVN3 hoặc VNI, " +
            "nên chữ tiếng Việt sẽ bị sai). " + ResaveAsUtf8);

    public static TabularFileException BadUnicode(string fileName, string encodingName) =>
        new(fileName, $"tệp bắt đầu bằng dấu BOM {encodingName} nhưng nội dung không đúng bảng mã này. " + ResaveAsUtf8);

    public static TabularFileException UnsupportedExtension(string fileName) =>
        new(fileName, "định dạng tệp không được hỗ trợ: chỉ nhận tệp .csv hoặc .xlsx.");

    public static TabularFileException OldExcel(string fileName) =>
        new(fileName, "đây là định dạng Excel 97–2003 (.xls), không được hỗ trợ. " +
            "Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx (Excel Workbook) hoặc CSV UTF-8.");

    public static TabularFileException XlsxNamedCsv(string fileName) =>
        new(fileName, "có đuôi .csv nhưng nội dung là bảng tính Excel (.xlsx). " +
            "Hãy đổi đuôi tệp thành .xlsx, hoặc mở bằng Excel và lưu lại dưới dạng CSV UTF-8.");

    public static TabularFileException NotXlsx(string fileName) =>
        new(fileName, "không phải là bảng tính Excel .xlsx hợp lệ (không đọc được cấu trúc tệp nén). " +
            "Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx (Excel Workbook) hoặc CSV UTF-8.");

    public static TabularFileException CorruptXlsx(string fileName, string part) =>
        new(fileName, $"bảng tính .xlsx bị hỏng (phần '{part}' không đọc được). " +
            "Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV UTF-8.");

    public static TabularFileException Unpacked(string fileName, long budget, long fileBytes) =>
        new(fileName, $"nội dung giải nén của bảng tính vượt {SizeWithBytes(budget)}, quá lớn so với dung lượng tệp " +
            $"({Size(fileBytes)}), nên tệp bị từ chối mà không đọc hết (một bảng tính thật hiếm khi lớn hơn 100 lần khi giải nén; " +
            "tệp có thể bị hỏng hoặc là tệp nén độc hại). Hãy mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8, " +
            "hoặc tách thành nhiều tệp nhỏ hơn rồi gửi lại.");

    public static string Count(long n) => n.ToString("N0", Vi);

    public static string DelimiterName(char d) => d switch
    {
        '\t' => "Tab",
        _ => $"'{d}'",
    };

    private static string SizeWithBytes(long bytes) =>
        bytes >= 1024 ? $"{Size(bytes)} ({bytes.ToString("N0", Vi)} byte)" : Size(bytes);

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", Vi) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", Vi) + " KB",
        _ => bytes.ToString("N0", Vi) + " byte",
    };
}
