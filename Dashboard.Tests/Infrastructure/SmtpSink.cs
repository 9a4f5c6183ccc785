using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, in the test process: it keeps what it receives,
/// parsed with MimeKit, with the envelope recipients. It can refuse chosen recipients. Also linked into the benchmark.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public sealed record Received(IReadOnlyList<string> Envelope, MimeMessage Message);

    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly ConcurrentQueue<Received> _messages = new();
    private int _count;

    private SmtpSink(int port, bool keep)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this, keep));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(CancellationToken.None);
    }

    public int Port { get; }

    /// <summary>Messages received so far (kept only when the sink keeps them; the benchmark only counts).</summary>
    public IReadOnlyList<Received> Messages => _messages.ToList();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Recipients this server refuses at RCPT TO (550), as a real server refuses an unknown mailbox.</summary>
    public HashSet<string> Refuse { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts listening on the port (a free one if none is given) and returns once it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(int? port = null, bool keep = true)
    {
        var sink = new SmtpSink(port ?? FreePort(), keep);
        var deadline = new Deadline(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, sink.Port);
                return sink;
            }
            catch (SocketException) when (!deadline.Passed)
            {
                await Task.Delay(50);
            }
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived (the server stores after the client's final dot).</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = new Deadline(timeout ?? TimeSpan.FromSeconds(30));
        while (Count < count)
        {
            if (deadline.Passed) throw new TimeoutException($"SMTP sink: {Count} of {count} messages");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }
    }

    private sealed class Store(SmtpSink sink, bool keep) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (keep)
            {
                await using var stream = new MemoryStream(buffer.ToArray());
                var message = await MimeMessage.LoadAsync(stream, cancellationToken);
                sink._messages.Enqueue(new Received(transaction.To.Select(m => m.AsAddress()).ToList(), message));
            }
            Interlocked.Increment(ref sink._count);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpSink sink) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!sink.Refuse.Contains(to.AsAddress()));
    }
}
