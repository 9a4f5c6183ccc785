using System.Globalization;

namespace Baseline.Web;

/// <summary>One value, and an event when it changes: how a Blazor Server app pushes a value without any framework of its own.</summary>
public sealed class LiveValue
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public decimal Value { get; private set; }

    /// <summary>As the dashboard shows a percentage, so the bench looks for the same text in either app.</summary>
    public string Shown => Value.ToString("#,##0.##", Vi) + "%";

    public event Action? Changed;

    public void Set(decimal value)
    {
        Value = value;
        Changed?.Invoke();
    }
}
