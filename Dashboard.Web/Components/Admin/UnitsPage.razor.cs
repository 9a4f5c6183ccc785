using System.Globalization;
using Dashboard.Jobs.Jobs;
using Dashboard.Shared.Catalog;
using Dashboard.Shared.Store;
using Dashboard.Web.Accounts;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Admin;

/// <summary>
/// The map of units at a date, and the changes administrators record on it, each from a day: add, rename, move, retire,
/// merge. A refused change stores nothing and says which unit, field and why; every change and refusal is audited.
/// Only a province's administrator (or one who reaches every unit) changes the map, since a change moves what others see.
/// </summary>
public partial class UnitsPage
{
    [Inject] public UnitDirectory Units { get; set; } = default!;
    [Inject] public UnitStore Store { get; set; } = default!;
    [Inject] public UnitAccess Access { get; set; } = default!;
    [Inject] public RecordFiguresJob Figures { get; set; } = default!;
    [Inject] public Audit Audit { get; set; } = default!;
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    /// <summary>The day the tree shows (yyyy-MM-dd); today in Vietnam when absent.</summary>
    [SupplyParameterFromQuery(Name = "date")] public string? DateText { get; set; }

    [SupplyParameterFromForm(FormName = "add-unit")] public AddInput? Add { get; set; }
    [SupplyParameterFromForm(FormName = "rename-unit")] public RenameInput? Rename { get; set; }
    [SupplyParameterFromForm(FormName = "move-unit")] public MoveInput? Move { get; set; }
    [SupplyParameterFromForm(FormName = "retire-unit")] public RetireInput? Retire { get; set; }
    [SupplyParameterFromForm(FormName = "merge-units")] public MergeInput? Merge { get; set; }

    private DateOnly _day;
    private string? _message;
    private bool _ok;

    private string Me => HttpContext.User.Identity?.Name ?? "?";

    /// <summary>
    /// A province's administrator (one given a province, even one since retired: the reform adds a new province it does not
    /// hold) or one who reaches every unit.
    /// </summary>
    private bool MayChange
    {
        get
        {
            var held = HttpContext.User.FindAll(UnitAccess.ClaimType).Select(c => c.Value);
            if (held.Any(c => Units.Find(c) is { Kind: UnitKind.Province, Parent: null })) return true;
            var reach = Access.Allowed(HttpContext.User);
            return Units.Ever.All(u => reach.Contains(u.Code));
        }
    }

    protected override void OnInitialized()
    {
        Add ??= new();
        Rename ??= new();
        Move ??= new();
        Retire ??= new();
        Merge ??= new();
    }

    protected override void OnParametersSet() =>
        _day = TryDate(DateText) ?? Units.Today;

    private IEnumerable<AdminUnit> Roots => Units.At(_day).Where(u => u.Parent is null || Units.Find(u.Parent, _day) is null);

    private IEnumerable<AdminUnit> ChildrenOf(AdminUnit unit) => Units.Children(unit.Code, _day).OrderBy(u => u.Name.Vi, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false));

    /// <summary>Units gone by the day shown, with what became of them.</summary>
    private IEnumerable<AdminUnit> Retired => Units.Ever.Where(u => !Units.ExistsOn(u.Code, _day) && u.Until is { } until && until <= _day);

    private IEnumerable<AdminUnit> Current => Units.At(_day).OrderBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal);

    private string KindName(UnitKind kind) => kind switch
    {
        UnitKind.Province => Loc[nameof(Strings.UnitKindProvince)],
        UnitKind.District => Loc[nameof(Strings.UnitKindDistrict)],
        _ => Loc[nameof(Strings.UnitKindCommune)],
    };

    private string Label(AdminUnit u) => $"{u.Name.Current} ({u.Code})";

    private Task AddAsync() => ApplyAsync("unit-added", Add!.Date, Add.Code, on =>
        Enum.TryParse<UnitKind>(Add.Kind, out var kind)
            ? Store.ChangeAsync(map => UnitChanges.Add(map, Clean(Add.Code), kind, Empty(Add.Parent), Name(Add.NameVi, Add.NameEn), on))
            : Task.FromResult(new UnitChanges.Result(null, new UnitChangeProblem(UnitChangeError.WrongParentKind, "kind"))),
        $"{Add.Code} ({Add.Kind}) {Add.NameVi} / {Add.NameEn} ⊂ {Add.Parent}");

    private Task RenameAsync() => ApplyAsync("unit-renamed", Rename!.Date, Rename.Code, on =>
        Store.ChangeAsync(map => UnitChanges.Rename(map, Clean(Rename.Code), Name(Rename.NameVi, Rename.NameEn), on)),
        $"{Rename.Code}: {Rename.NameVi} / {Rename.NameEn}");

    private Task MoveAsync() => ApplyAsync("unit-moved", Move!.Date, Move.Code, on =>
        Store.ChangeAsync(map => UnitChanges.Move(map, Clean(Move.Code), Empty(Move.Parent), on)),
        $"{Move.Code} ⊂ {Move.Parent}");

    private Task RetireAsync() => ApplyAsync("unit-retired", Retire!.Date, Retire.Code, on =>
        Store.ChangeAsync(map => UnitChanges.Retire(map, Clean(Retire.Code), on)), Retire.Code ?? "");

    private Task MergeAsync() => ApplyAsync("units-merged", Merge!.Date, Merge.Code, async on =>
        {
            var result = await Store.ChangeAsync(map =>
                UnitChanges.Merge(map, Merge.Predecessors ?? [], Clean(Merge.Code), Empty(Merge.Parent), Name(Merge.NameVi, Merge.NameEn), on));
            // The successor's gauges count its predecessors' records at once, not at the next hourly run.
            if (result.Ok) await Figures.PublishAsync(Clean(Merge.Code));
            return result;
        },
        $"{string.Join(" + ", Merge.Predecessors ?? [])} → {Merge.Code} {Merge.NameVi} / {Merge.NameEn} ⊂ {Merge.Parent}");

    private async Task ApplyAsync(string action, string? dateText, string? code, Func<DateOnly, Task<UnitChanges.Result>> change, string detail)
    {
        if (!MayChange)
        {
            await Audit.WriteAsync(Me, "admin-refused", $"{action}: {detail}", HttpContext);
            (_ok, _message) = (false, Loc[nameof(Strings.UnitsNotYours)]);
            return;
        }
        if (TryDate(dateText) is not { } on)
        {
            (_ok, _message) = (false, string.Format(Loc[nameof(Strings.UnitBadDate)], dateText));
            return;
        }
        var result = await change(on);
        if (!result.Ok)
        {
            await Audit.WriteAsync(Me, "unit-change-refused", $"{action}: {detail} ({on:yyyy-MM-dd}): {result.Problem}", HttpContext);
            (_ok, _message) = (false, Problem(result.Problem!));
            return;
        }
        await Audit.WriteAsync(Me, action, $"{detail} ({on:yyyy-MM-dd})", HttpContext);
        (_ok, _message) = (true, string.Format(Loc[nameof(Strings.UnitChangeSaved)], code, ShowDate(on)));
        _day = on;
    }

    /// <summary>Which unit, field and why, in the reader's language.</summary>
    private string Problem(UnitChangeProblem p)
    {
        var unit = p.Unit ?? "";
        var text = p.Error switch
        {
            UnitChangeError.BadCode => string.Format(Loc[nameof(Strings.UnitErrorBadCode)], unit),
            UnitChangeError.DuplicateCode => string.Format(Loc[nameof(Strings.UnitErrorDuplicateCode)], unit),
            UnitChangeError.MissingName => Loc[nameof(Strings.UnitErrorMissingName)],
            UnitChangeError.UnknownUnit => string.Format(Loc[nameof(Strings.UnitErrorUnknownUnit)], unit),
            UnitChangeError.UnknownParent => string.Format(Loc[nameof(Strings.UnitErrorUnknownParent)], unit),
            UnitChangeError.WrongParentKind => Loc[nameof(Strings.UnitErrorWrongParentKind)],
            UnitChangeError.Cycle => string.Format(Loc[nameof(Strings.UnitErrorCycle)], unit),
            UnitChangeError.AlreadyRetired => string.Format(Loc[nameof(Strings.UnitErrorAlreadyRetired)], unit),
            UnitChangeError.BeforeExisted => string.Format(Loc[nameof(Strings.UnitErrorBeforeExisted)], unit, p.Since is { } s ? ShowDate(s) : ""),
            UnitChangeError.HasChildren => string.Format(Loc[nameof(Strings.UnitErrorHasChildren)], unit),
            UnitChangeError.TooFewPredecessors => Loc[nameof(Strings.UnitErrorTooFewPredecessors)],
            UnitChangeError.MixedKinds => Loc[nameof(Strings.UnitErrorMixedKinds)],
            _ => string.Format(Loc[nameof(Strings.UnitErrorLaterChange)], unit),
        };
        return string.Format(Loc[nameof(Strings.UnitErrorField)], text, FieldName(p.Field));
    }

    private string FieldName(string field) => field switch
    {
        "code" => Loc[nameof(Strings.UnitCode)],
        "parent" => Loc[nameof(Strings.UnitParent)],
        "nameVi" => Loc[nameof(Strings.UnitNameVi)],
        "nameEn" => Loc[nameof(Strings.UnitNameEn)],
        "date" => Loc[nameof(Strings.UnitDate)],
        "kind" => Loc[nameof(Strings.UnitKind)],
        _ => Loc[nameof(Strings.UnitPredecessors)],
    };

    /// <summary>Dates read and shown as a Vietnamese reader writes them.</summary>
    public static string ShowDate(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("vi-VN"));

    private static DateOnly? TryDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string Clean(string? code) => (code ?? "").Trim();

    private static string? Empty(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim();

    private static LocalizedText Name(string? vi, string? en) => new((vi ?? "").Trim(), (en ?? "").Trim());

    public sealed class AddInput
    {
        public string? Code { get; set; }
        public string? Kind { get; set; }
        public string? Parent { get; set; }
        public string? NameVi { get; set; }
        public string? NameEn { get; set; }
        public string? Date { get; set; }
    }

    public sealed class RenameInput
    {
        public string? Code { get; set; }
        public string? NameVi { get; set; }
        public string? NameEn { get; set; }
        public string? Date { get; set; }
    }

    public sealed class MoveInput
    {
        public string? Code { get; set; }
        public string? Parent { get; set; }
        public string? Date { get; set; }
    }

    public sealed class RetireInput
    {
        public string? Code { get; set; }
        public string? Date { get; set; }
    }

    public sealed class MergeInput
    {
        public string[]? Predecessors { get; set; }
        public string? Code { get; set; }
        public string? Parent { get; set; }
        public string? NameVi { get; set; }
        public string? NameEn { get; set; }
        public string? Date { get; set; }
    }
}
