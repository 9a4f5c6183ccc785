using System.Globalization;

namespace Dashboard.Shared.Live;

/// <summary>
/// The language of whoever subscribed to a change, to run its callback in. A change is published on the thread of whatever
/// stored it (an API call, a job), and a page re-rendered there would speak the publisher's language instead of its reader's:
/// an English page flipped to Vietnamese at its first live update. Blazor's <c>InvokeAsync</c> carries the caller's culture
/// onto the circuit, so setting it around the callback is enough.
/// </summary>
public sealed record SubscriberCulture(CultureInfo Culture, CultureInfo UICulture)
{
    /// <summary>The culture of the code running now: a page's, when called while it initializes.</summary>
    public static SubscriberCulture Capture() => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    /// <summary>Runs <paramref name="action"/> in this culture and gives the caller its own back.</summary>
    public void Run(Action action)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        Apply();
        try { action(); }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    /// <summary>
    /// Runs <paramref name="callback"/> in this culture, continuations included. The caller's culture is untouched: an async
    /// method's changes to the execution context do not flow back out of it.
    /// </summary>
    public async Task RunAsync(Func<Task> callback)
    {
        Apply();
        await callback();
    }

    private void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UICulture;
    }
}
