namespace Dashboard.Jobs.Feeds.Records;

public enum FieldType { Text, Date, Bool, Amount, Percent, Choice, Period }

/// <summary>One column of a record kind: its canonical name (as in the sample files), type and rules.</summary>
/// <param name="Identifier">A code that names a record (the kind's key, or the procedure a dossier belongs to): stored in its
/// one spelling (<see cref="Dashboard.Shared.Ingest.Identifier"/>) so that two spellings never make two records.</param>
public sealed record FieldSpec(string Name, FieldType Type, bool Required = false, string[]? Choices = null, bool Identifier = false)
{
    public FieldSpec WithChoices(params string[] choices) => this with { Type = FieldType.Choice, Choices = choices };
}

/// <summary>A kind of source record: what a row of that export holds. Formats are documented in docs/feeds.md.</summary>
/// <param name="Order">Dates that may not come before another (a deadline before the receipt).</param>
/// <param name="Caps">Amounts that may not exceed another (what was disbursed, the plan).</param>
/// <param name="KeyDateField">A date that is part of the record's identity: each dated report of a project is a record of
/// its own (stored as <c>code@yyyy-MM-dd</c>), so a past period keeps the figures reported then.</param>
public sealed record RecordKind(string Code, string NameVi, string NameEn, string KeyField, IReadOnlyList<FieldSpec> Fields,
    IReadOnlyList<(string Earlier, string Later)> Order, IReadOnlyList<(string Amount, string Cap)>? Caps = null, string? KeyDateField = null)
{
    /// <summary>Longest code the key field may hold: room is left for the date when it is part of the key.</summary>
    public int MaxCodeLength => KeyDateField is null ? RecordKinds.MaxKeyLength : RecordKinds.MaxKeyLength - "@yyyy-MM-dd".Length;

    public FieldSpec? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Whether a column is a code naming a record: the key, or one marked <see cref="FieldSpec.Identifier"/>.</summary>
    public bool IsIdentifier(FieldSpec field) => field.Identifier || field.Name == KeyField;
}

public static class RecordKinds
{
    public const string UnitColumn = "ma_don_vi";

    /// <summary>Longest record key the store holds (source_records.RecordKey).</summary>
    public const int MaxKeyLength = 128;

    public static readonly RecordKind Dossier = new("dossier", "Hồ sơ TTHC", "Procedure dossiers", "ma_ho_so",
    [
        new("ma_ho_so", FieldType.Text, Required: true),
        new("ma_thu_tuc", FieldType.Text, Required: true, Identifier: true),
        new("ngay_nhan", FieldType.Date, Required: true),
        new("han_tra", FieldType.Date, Required: true),
        new("ngay_tra", FieldType.Date),
        new FieldSpec("kenh", FieldType.Choice, Required: true).WithChoices("truc-tiep", "truc-tuyen-mot-phan", "truc-tuyen-toan-trinh", "buu-chinh"),
        new("thu_xin_loi", FieldType.Bool),
        new("so_hoa_ket_qua", FieldType.Bool),
        new("thanh_toan_truc_tuyen", FieldType.Bool),
        new("co_quan", FieldType.Text),
    ], [("ngay_nhan", "han_tra"), ("ngay_nhan", "ngay_tra")]);

    public static readonly RecordKind Procedure = new("procedure", "Thủ tục hành chính", "Administrative procedures", "ma_thu_tuc",
    [
        new("ma_thu_tuc", FieldType.Text, Required: true),
        new("ten_thu_tuc", FieldType.Text, Required: true),
        new("niem_yet_cong", FieldType.Bool),
        new("niem_yet_mot_cua", FieldType.Bool),
        new("tiep_nhan_mot_cua", FieldType.Bool),
        new("trong_phan_mem", FieldType.Bool),
        new("quy_trinh_noi_bo", FieldType.Bool),
        new("du_dieu_kien_toan_trinh", FieldType.Bool),
        new("co_phi", FieldType.Bool),
    ], []);

    public static readonly RecordKind Feedback = new("feedback", "Phản ánh, kiến nghị", "Citizen feedback", "ma_phan_anh",
    [
        new("ma_phan_anh", FieldType.Text, Required: true),
        new("ngay_nhan", FieldType.Date, Required: true),
        new("han_xu_ly", FieldType.Date, Required: true),
        new("ngay_xu_ly", FieldType.Date),
        new("muc_hai_long", FieldType.Percent),
        new("co_quan", FieldType.Text),
    ], [("ngay_nhan", "han_xu_ly"), ("ngay_nhan", "ngay_xu_ly")]);

    public static readonly RecordKind Report = new("report", "Báo cáo LRIS/GRIS", "LRIS/GRIS reports", "ma_bao_cao",
    [
        new("ma_bao_cao", FieldType.Text, Required: true),
        new("ten_bao_cao", FieldType.Text, Required: true),
        new("ky_bao_cao", FieldType.Period, Required: true),
        new("han_nop", FieldType.Date, Required: true),
        new("ngay_nop", FieldType.Date),
        new("co_quan", FieldType.Text),
    ], []);

    public static readonly RecordKind DistrictTask = new("task", "Nhiệm vụ UBND huyện giao", "District-assigned tasks", "ma_nhiem_vu",
    [
        new("ma_nhiem_vu", FieldType.Text, Required: true),
        new("noi_dung", FieldType.Text, Required: true),
        new("ngay_giao", FieldType.Date, Required: true),
        new("han_hoan_thanh", FieldType.Date, Required: true),
        new("ngay_hoan_thanh", FieldType.Date),
        new("co_quan", FieldType.Text),
    ], [("ngay_giao", "han_hoan_thanh"), ("ngay_giao", "ngay_hoan_thanh")]);

    public static readonly RecordKind Document = new("document", "Văn bản đi/đến", "Documents", "so_van_ban",
    [
        new("so_van_ban", FieldType.Text, Required: true),
        new FieldSpec("chieu", FieldType.Choice, Required: true).WithChoices("den", "di"),
        new("dien_tu", FieldType.Bool, Required: true),
        new("mat", FieldType.Bool),
        new("ngay", FieldType.Date, Required: true),
    ], []);

    public static readonly RecordKind Disbursement = new("disbursement", "Giải ngân đầu tư công", "Public-investment disbursement", "ma_du_an",
    [
        new("ma_du_an", FieldType.Text, Required: true),
        new("ten_du_an", FieldType.Text),
        new("ke_hoach_von", FieldType.Amount, Required: true),
        new("da_giai_ngan", FieldType.Amount, Required: true),
        new("ngay", FieldType.Date, Required: true),
    ], [], [("da_giai_ngan", "ke_hoach_von")], KeyDateField: "ngay");

    public static readonly IReadOnlyList<RecordKind> All = [Dossier, Procedure, Feedback, Report, DistrictTask, Document, Disbursement];

    public static RecordKind? Find(string code) => All.FirstOrDefault(k => k.Code == code);
}
