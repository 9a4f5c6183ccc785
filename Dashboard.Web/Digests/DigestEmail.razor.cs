using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Digests;

/// <summary>The HTML part of a digest, rendered on the server by the framework's HtmlRenderer; never shown as a page.</summary>
public partial class DigestEmail
{
    [Parameter, EditorRequired] public DigestModel Model { get; set; } = default!;
}
