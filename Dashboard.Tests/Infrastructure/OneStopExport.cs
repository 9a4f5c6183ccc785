using static Dashboard.Tests.Infrastructure.LibreOffice;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A dossier export as a one-stop package lays it out: a hidden lookup sheet first, a visible instructions sheet, then
/// the dossiers under two merged title rows and a blank row, with Vietnamese headers in the package's own order.
/// </summary>
public static class OneStopExport
{
    public static readonly string[] Header =
        ["STT", "Ngày tiếp nhận", "Mã hồ sơ", "Hình thức nộp", "Ngày hẹn trả", "Mã thủ tục", "Ngày trả kết quả", "Mã đơn vị", "Người nộp"];

    /// <summary>The hidden sheet of lookup lists, first in the workbook.</summary>
    public const string LookupSheet = "DM_TTHC";

    public sealed record Dossier(string Code, DateTime Received, DateOnly Due, DateTime? Returned, string Channel, string Procedure = "1.001612",
        string Applicant = "Nguyễn Thị Ánh");

    /// <param name="procedureHeader">What the package calls the procedure code: some write a name no alias knows.</param>
    public static string Fods(IReadOnlyList<Dossier> dossiers, string procedureHeader = "Mã thủ tục") => Document(
        Sheet(LookupSheet, hidden: true, Row(Text("Mã TTHC"), Text("Tên")), Row(Text("1.001612"), Text("Đăng ký khai sinh"))),
        Sheet("Hướng dẫn", hidden: false, Row(Text("Tệp xuất từ phần mềm một cửa. Không sửa tiêu đề cột."))),
        Sheet("Hồ sơ", hidden: false,
        [
            MergedTitle("BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", Header.Length),
            MergedTitle("UBND xã Quế Minh — tháng 11/2026", Header.Length),
            EmptyRow,
            Row([.. Header.Select(h => Text(h == "Mã thủ tục" ? procedureHeader : h))]),
            .. dossiers.Select((d, i) => Row(
                Number(i + 1), DateTime(d.Received), Text(d.Code), Text(d.Channel), Date(d.Due), Text(d.Procedure),
                d.Returned is { } returned ? DateTime(returned) : "<table:table-cell/>", Text("que-minh"), Text(d.Applicant))),
        ]));
}
