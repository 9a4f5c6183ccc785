using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Web.Digests;

/// <summary>Sends one message through the configured SMTP server (MailKit); reports the recipients the server refused.</summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, IHostApplicationLifetime lifetime)
{
    /// <returns>"address: answer" for each recipient the server refused; the others received the message.</returns>
    public async Task<IReadOnlyList<string>> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        // A stopping app gives up on the mail server at once, whoever asked: a request's token does not fire on a graceful
        // shutdown, and the server waits for its requests (a "send a test now" on a server that never answers kept the
        // process alive until the host's shutdown timeout). A digest left unsent keeps its claim and goes out later.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        var o = options.Value;
        using var client = new RefusalTolerantClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        // Our own socket, for NoDelay: SMTP is a dialogue of short lines, and Nagle's algorithm held each one back until the
        // server's delayed ACK (about 40 ms a step on loopback, doubling the time of a send).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(o.Timeout);
            await socket.ConnectAsync(o.Host, o.Port, connectTimeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        await client.ConnectAsync(socket, o.Host, o.Port, o.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, ct);
        if (!string.IsNullOrEmpty(o.UserName))
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        return client.Refused;
    }

    /// <summary>
    /// MailKit gives up on the whole message when one recipient is refused; here a refused address is noted and the rest
    /// still get the digest. If the server refuses every recipient, MailKit still throws and the send fails.
    /// </summary>
    private sealed class RefusalTolerantClient : SmtpClient
    {
        public List<string> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refused.Add($"{mailbox.Address}: {(int)response.StatusCode} {response.Response}");
    }
}
