using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Digests;

/// <summary>The HTML part of a digest, rendered on the server by the framework's HtmlRenderer; never shown as a page.</summary>
public partial class DigestEmail
{
    [Parameter, EditorRequired] public DigestModel Model { get; set; } = default!;

    /// <summary>How much of a bar is filled, in whole percent: a table cell's width takes no fraction in every mail client.</summary>
    private static int Filled(double percent) => Math.Clamp((int)Math.Round(percent), 0, 100);
}
