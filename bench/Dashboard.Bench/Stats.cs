using System.Globalization;

namespace Dashboard.Bench;

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50:0.#} ms · p95 {P95:0.#} ms · p99 {P99:0.#} ms · max {Max:0.#} ms (n = {Count})");
}

/// <summary>One line of the results table: the figure, and the target beside it.</summary>
public sealed record Result(string Scenario, string Figure, string Target, bool? Met, string Note = "");
