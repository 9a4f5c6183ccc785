using System.Text;
using Dashboard.Shared.Store;
using Dashboard.Web.Reports;
using Dashboard.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Web.Digests;

/// <summary>A digest as a MIME message: composed in its language, the HTML part rendered from <see cref="DigestEmail"/>, a plain-text part beside it.</summary>
public sealed class DigestMailer(
    DigestComposer composer,
    IServiceScopeFactory scopes,
    ILoggerFactory loggers,
    IStringLocalizer<Strings> loc,
    IOptions<SmtpOptions> smtp)
{
    public sealed record Composed(DigestModel Model, string Html, string Text);

    public async Task<Composed> ComposeAsync(DigestSubscription subscription, DateTimeOffset occurrence,
        IReadOnlyDictionary<string, decimal?> previous, bool test, CancellationToken ct)
    {
        var culture = DigestModel.Culture(subscription.Language);
        DigestModel model;
        string text;
        using (new ReportExports.CultureScope(culture))
        {
            model = await composer.ComposeAsync(subscription, occurrence, previous, test, ct);
            text = DigestText.Render(model, loc);
        }
        return new Composed(model, await RenderHtmlAsync(model, culture), text);
    }

    /// <summary>The framework's HtmlRenderer, on its own dispatcher, in the digest's culture (the components read Strings there).</summary>
    private async Task<string> RenderHtmlAsync(DigestModel model, System.Globalization.CultureInfo culture)
    {
        // A scope of its own: the renderer takes scoped framework services, and a digest is rendered outside any request.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            using var _ = new ReportExports.CultureScope(culture);
            var output = await renderer.RenderComponentAsync<DigestEmail>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model }));
            return output.ToHtmlString();
        });
    }

    public MimeMessage ToMessage(Composed digest, IEnumerable<string> recipients, string messageId, DateTimeOffset date)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        message.To.AddRange(recipients.Select(MailboxAddress.Parse));
        message.Subject = digest.Model.Subject;
        message.MessageId = messageId;
        message.Date = date;
        // Mail servers and out-of-office replies leave automated mail alone.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var text = new TextPart("plain");
        text.SetText(Encoding.UTF8, digest.Text);
        var html = new TextPart("html");
        html.SetText(Encoding.UTF8, digest.Html);
        message.Body = new MultipartAlternative { text, html };
        return message;
    }

    /// <summary>Recipients as stored: one per line (commas and semicolons also separate).</summary>
    public static IReadOnlyList<string> SplitRecipients(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
