namespace Dashboard.Jobs.Feeds.Files;

/// <summary>
/// Upper bounds for one uploaded or fetched file. Both are checked while reading, before the whole file is
/// parsed, so an oversized export costs a refusal rather than the memory of the server it shares with the wall screen.
/// </summary>
public sealed record TabularLimits
{
    public TabularLimits(long MaxBytes, int MaxRows)
    {
        this.MaxBytes = MaxBytes;
        this.MaxRows = MaxRows;
    }

    /// <summary>A year of one-stop dossiers for a commune is a few thousand rows; these leave ample room.</summary>
    public static TabularLimits Default { get; } = new(MaxBytes: 20L * 1024 * 1024, MaxRows: 100_000);

    /// <summary>Largest file accepted, in bytes (of the file as stored: compressed for XLSX).</summary>
    public long MaxBytes
    {
        get;
        // Checked here, not only in the constructor, so `with { MaxBytes = 0 }` cannot slip past either.
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBytes), value, "MaxBytes must be positive.");
    }

    /// <summary>Most data rows accepted (blank rows and the header do not count).</summary>
    public int MaxRows
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRows), value, "MaxRows must be positive.");
    }

    /// <summary>Longest cell, in characters: Excel's own limit. A longer cell (CSV or XLSX) makes its row a row error.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>
    /// Most bytes a workbook may unpack to in all, however small the file: reading it costs memory and CPU on the server
    /// the wall screen shares. With <see cref="MaxUnpackedRatio"/>, a zip bomb is refused before it is inflated.
    /// </summary>
    public long MaxUnpackedBytes
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxUnpackedBytes), value, "MaxUnpackedBytes must be positive.");
    } = 256L * 1024 * 1024;

    /// <summary>Most a workbook may unpack to, as a multiple of its file size (worksheet XML compresses about 5–20 times).</summary>
    public int MaxUnpackedRatio
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxUnpackedRatio), value, "MaxUnpackedRatio must be positive.");
    } = 100;

    public void Deconstruct(out long MaxBytes, out int MaxRows)
    {
        MaxBytes = this.MaxBytes;
        MaxRows = this.MaxRows;
    }
}
