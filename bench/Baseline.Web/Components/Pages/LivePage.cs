using Microsoft.AspNetCore.Components;

namespace Baseline.Web.Components.Pages;

/// <summary>The ordinary push: subscribe in OnInitialized, re-render through InvokeAsync, unsubscribe on dispose.</summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    [Inject] protected LiveValue Live { get; set; } = default!;

    /// <summary>"true" once the circuit runs, as the dashboard marks its own pages: the bench's first-load mark.</summary>
    protected string Interactive { get; private set; } = "false";

    protected override void OnInitialized() => Live.Changed += OnChanged;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            Interactive = "true";
            StateHasChanged();
        }
    }

    private void OnChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Live.Changed -= OnChanged;
}
