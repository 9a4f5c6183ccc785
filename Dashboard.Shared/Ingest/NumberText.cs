using System.Globalization;

namespace Dashboard.Shared.Ingest;

/// <summary>
/// The one reading of a number written as text (a CSV cell, a text cell of a workbook, a JSON string, the manual form).
/// Vietnamese first: '.' groups thousands and ',' is the decimal mark. Text that the Vietnamese and the English
/// (en-US) way of writing would read as different numbers is refused with a message saying how to write it, never
/// guessed. The rule, with examples, is in docs/feeds.md ("Numbers").
/// <list type="bullet">
/// <item><c>900.000</c> = 900000, <c>1.250</c> = 1250, <c>1.250.000,5</c> = 1250000.5, <c>97,5</c> = 97.5, <c>1250000</c>.</item>
/// <item><c>0.951</c> = 0.951: a number below one written with '.', as machines write ratios (no grouping starts with 0).</item>
/// <item>Refused: <c>1,250</c> (1,25 or 1250?), <c>1.25</c> and <c>97.25</c> ('.' decimal above one: the same writer would
/// write 1.250 for 1,25 and we would read 1250), <c>1,250,000</c> and <c>1,250.5</c> (en-US), <c>1e6</c>, <c>900 000</c>,
/// units and currency signs (<c>1.000 ₫</c>, <c>95%</c>), a leading '+'.</item>
/// </list>
/// Numbers typed in a workbook cell and JSON numbers are not text: they are read as the numbers they are, not here.
/// </summary>
public static class NumberText
{
    /// <summary>Longer text is not a number anyone typed; it is refused before any work is spent on it.</summary>
    private const int MaxLength = 48;

    private static readonly NumberFormatInfo ViFormat = new()
    {
        NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NegativeSign = "-", NumberGroupSizes = [3],
    };

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="error"/> says why in Vietnamese, quoting an excerpt of the text.</summary>
    public static bool TryParse(string? text, out decimal value, out string? error)
    {
        value = 0;
        error = Read(text?.Trim() ?? "", out value);
        return error is null;
    }

    /// <summary>A number as a Vietnamese reader writes it: <c>1.250.000,5</c>. What this writes, <see cref="TryParse"/> reads back.</summary>
    public static string Format(decimal value) => value.ToString("#,##0.############################", ViFormat);

    private static string? Read(string s, out decimal value)
    {
        value = 0;
        if (s.Length == 0) return "Thiếu giá trị số.";
        var quoted = $"'{TextExcerpt.Of(s)}'";
        if (s.Length > MaxLength) return $"{quoted} quá dài để là một số.";

        var negative = s[0] == '-';
        var body = negative ? s[1..] : s;
        bool digits = false, spaces = false, foreign = false;
        foreach (var c in body)
        {
            if (char.IsAsciiDigit(c)) digits = true;
            else if (char.IsWhiteSpace(c)) spaces = true;
            else if (c is not ('.' or ',')) foreign = true;
        }
        if (!digits) return Plain(quoted);
        if (OnlyExponent(body))
            return $"{quoted} viết dạng lũy thừa (E) nên không được nhận: hãy viết đủ chữ số, ví dụ 1.000.000 hoặc 0,000001.";
        if (foreign)
            return $"{quoted} không phải là số: chỉ ghi chữ số, dấu chấm (.) tách hàng nghìn và dấu phẩy (,) trước phần thập phân, " +
                "không kèm đơn vị, ký hiệu hay dấu cộng (₫, đồng, %, +, …).";
        if (spaces)
        {
            var joined = string.Concat(body.Where(c => !char.IsWhiteSpace(c)));
            var hint = Read(joined, out var withoutSpaces) is null
                ? $"hãy viết {Sign(negative)}{Format(withoutSpaces)} hoặc {Sign(negative)}{joined.Replace(".", "")}"
                : "hãy bỏ dấu cách";
            return $"{quoted} có dấu cách giữa các chữ số: dấu cách không dùng để tách hàng nghìn ở đây, {hint}.";
        }

        var problem = ReadBody(body, quoted, out var digitsText);
        if (problem is not null) return problem;
        if (!decimal.TryParse((negative ? "-" : "") + digitsText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out value))
            return $"{quoted} quá lớn.";
        return null;

        static string Sign(bool negative) => negative ? "-" : "";
    }

    // "1e6" is an exponent; "1.5E+3" too. Anything else with a sign inside is not a number at all.
    private static bool OnlyExponent(string body)
    {
        var e = body.IndexOfAny(['e', 'E']);
        if (e <= 0 || e == body.Length - 1) return false;
        var power = body[(e + 1)..];
        if (power[0] is '+' or '-') power = power[1..];
        return power.Length > 0 && power.All(char.IsAsciiDigit) && body[..e].All(c => char.IsAsciiDigit(c) || c is '.' or ',');
    }

    private static string Plain(string quoted) => $"{quoted} không phải là số (ví dụ hợp lệ: 1.250.000 hoặc 97,5).";

    /// <summary>The number as invariant text ("1250.5"), or why the body (digits, '.' and ',') cannot be read one way only.</summary>
    private static string? ReadBody(string body, string quoted, out string invariant)
    {
        invariant = "";
        var commas = body.Count(c => c == ',');
        var comma = body.IndexOf(',');

        if (commas > 1 || (comma >= 0 && body.IndexOf('.', comma) >= 0))
        {
            // 1,250,000 or 1,250.5: the English way. Said so, with the Vietnamese spelling when the English reading is clear.
            return EnglishValue(body) is { } english
                ? $"{quoted} viết theo kiểu Anh–Mỹ (dấu phẩy tách hàng nghìn); theo cách viết Việt Nam hãy viết {Format(english)}."
                : Plain(quoted);
        }

        var whole = comma >= 0 ? body[..comma] : body;
        var fraction = comma >= 0 ? body[(comma + 1)..] : null;
        if (whole.Length == 0 || fraction is { Length: 0 }) return Plain(quoted);

        if (whole.Contains('.'))
        {
            var groups = whole.Split('.');
            if (fraction is null && groups.Length == 2 && groups[0] == "0" && groups[1].Length > 0)
            {
                // 0.951: no Vietnamese grouping starts with 0, so this is a decimal below one, as machines write ratios.
                invariant = whole;
                return groups[1].All(char.IsAsciiDigit) ? null : Plain(quoted);
            }
            if (!IsGrouping(groups))
            {
                if (fraction is null && groups.Length == 2 && groups.All(g => g.Length > 0))
                {
                    // 97.25: '.' is the thousands separator here, and this cannot be one. The writer means 97,25; we say so.
                    var meant = decimal.Parse(whole, CultureInfo.InvariantCulture);
                    return $"{quoted} dùng dấu chấm làm dấu thập phân, nhưng theo cách viết Việt Nam dấu chấm chỉ tách hàng nghìn " +
                        $"(1.250 là một nghìn hai trăm năm mươi): nếu là số thập phân hãy viết {Format(meant)}.";
                }
                return $"{quoted} có dấu chấm tách hàng nghìn không đúng chỗ: sau mỗi dấu chấm phải đủ 3 chữ số (ví dụ 1.250.000).";
            }
            whole = string.Concat(groups);
        }
        else if (fraction is { Length: 3 } && whole.Length <= 3 && whole[0] != '0')
        {
            // 1,250: 1,25 written the Vietnamese way, or 1250 written the English way. Too costly to guess.
            var asDecimal = decimal.Parse($"{whole}.{fraction}", CultureInfo.InvariantCulture);
            var decimalHint = Format(asDecimal) is var shorter && shorter != $"{whole},{fraction}" ? shorter : $"{whole},{fraction}0";
            return $"{quoted} có hai cách hiểu: {Format(asDecimal)} (dấu phẩy là dấu thập phân) hoặc {whole}{fraction} " +
                $"(dấu phẩy tách hàng nghìn, kiểu Anh–Mỹ), nên không được nhận. Nếu là số thập phân hãy viết {decimalHint}; " +
                $"nếu là {whole}{fraction} hãy viết {whole}{fraction} hoặc {whole}.{fraction}.";
        }

        if (!whole.All(char.IsAsciiDigit) || (fraction is not null && !fraction.All(char.IsAsciiDigit))) return Plain(quoted);
        invariant = fraction is null ? whole : $"{whole}.{fraction}";
        return null;
    }

    /// <summary>1.250.000: a first group of 1–3 digits not starting with 0, then groups of exactly 3.</summary>
    private static bool IsGrouping(string[] groups) =>
        groups[0].Length is >= 1 and <= 3 && groups[0][0] != '0' && groups.All(g => g.All(char.IsAsciiDigit))
        && groups.Skip(1).All(g => g.Length == 3);

    /// <summary>The en-US reading of 1,250,000 or 1,250.5, when it is a well-formed one.</summary>
    private static decimal? EnglishValue(string body)
    {
        var dot = body.IndexOf('.');
        if (dot >= 0 && body.IndexOf('.', dot + 1) >= 0) return null;
        var whole = dot >= 0 ? body[..dot] : body;
        var fraction = dot >= 0 ? body[(dot + 1)..] : "";
        if (dot >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))) return null;
        if (!IsGrouping(whole.Split(','))) return null;
        return decimal.TryParse(whole.Replace(",", "") + (dot >= 0 ? "." + fraction : ""), NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
