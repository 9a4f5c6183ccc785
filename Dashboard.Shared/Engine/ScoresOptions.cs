using Dashboard.Shared.Time;

namespace Dashboard.Shared.Engine;

/// <summary>Reporting windows and rubrics, bound from the "Scores" section.</summary>
public sealed class ScoresOptions
{
    public const string Section = "Scores";

    /// <summary>
    /// The window <c>/scores</c>, the wall's score cards and the digest's scores are computed over, and a KPI page opens on
    /// when no period is asked for. (Each KPI's tile has its own default, from the catalog: <see cref="KpiWindows"/>.)
    /// </summary>
    public WindowKind DefaultWindow { get; set; } = WindowKind.YearToDate;

    /// <summary>Calendar, as Decision 766 counts, or the administrative cycle from the 15th to the 14th.</summary>
    public CutOff CutOff { get; set; } = CutOff.Calendar;

    /// <summary>The rubric <c>/scores</c> opens on.</summary>
    public string DefaultRubric { get; set; } = "qd-766-2022";

    /// <summary>
    /// Where earlier versions kept the rubrics an administrator loaded (relative to the data folder); they now live in the
    /// database, and files found here are copied in at start-up.
    /// </summary>
    public string UploadFolder { get; set; } = "rubrics";

    /// <summary>
    /// The share (0–1) of a rubric's points that must be measured before a unit gets a score, a band and a rank: below
    /// it the page says "not enough data to grade" and shows how much was measured.
    /// </summary>
    public decimal MinCoverage { get; set; } = 0.5m;

    /// <summary>The records that must stand behind the measured criteria before a unit is graded.</summary>
    public int MinRecords { get; set; } = 10;
}
