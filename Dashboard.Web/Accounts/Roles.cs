namespace Dashboard.Web.Accounts;

/// <summary>Admin: users, devices, API keys, rubrics, jobs. Editor: imports, manual entry, feeds. Viewer: everything read-only.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Admin, Editor, Viewer];

    /// <summary>Policy names: each admits its role and the ones above it.</summary>
    public const string CanView = "can-view";
    public const string CanEdit = "can-edit";
    public const string CanAdminister = "can-administer";
    /// <summary>A source system writing through the ingest API with its key.</summary>
    public const string CanIngest = "can-ingest";
    /// <summary>Reading the snapshot API or the hub: a signed-in person or a source system's key.</summary>
    public const string CanRead = "can-read";
    /// <summary>Opening <c>/wall</c>: a paired wall screen, or a signed-in person.</summary>
    public const string CanWatchWall = "can-watch-wall";
}
