using System.Buffers;
using System.Collections.Concurrent;
using Attendance.Testing;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Attendance.Server.Tests;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer package), keeping every message it accepted. It can refuse
/// the next messages with a transient error (451), as a mail server under strain does, to test the outbox's retries.
/// </summary>
public sealed class TestSmtpServer : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Store store = new();

    public TestSmtpServer()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; } = Ports.Free();

    /// <summary>The settings that send the server's e-mail here.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Messages:Smtp:Host"] = "127.0.0.1",
        ["Messages:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messages:Smtp:Security"] = "None",
        ["Messages:Smtp:From"] = "attendance@school.example",
    };

    public IReadOnlyCollection<MimeMessage> Received => store.Received;

    /// <summary>The messages received for one address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. store.Received.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Refuses the next <paramref name="messages"/> messages with "451 try again later".</summary>
    public void RefuseNext(int messages) => store.Refuse = messages;

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        private int refuse;

        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public int Refuse { set => Volatile.Write(ref refuse, value); }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref refuse) >= 0)
            {
                return new SmtpResponse(SmtpReplyCode.Error, "Try again later");
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
