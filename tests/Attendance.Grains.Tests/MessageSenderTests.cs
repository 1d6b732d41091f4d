using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Attendance.Testing;
using Attendance.Grains.Messages;

namespace Attendance.Grains.Tests;

/// <summary>
/// Where no sender is configured, a message home is not sent, says so, and the log carries its id and kind only:
/// never the number or address, the contact's name or the words (which name the child).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class MessageSenderTests
{
    [Fact]
    public async Task A_text_with_no_gateway_is_not_sent_and_the_log_holds_no_personal_data()
    {
        var log = new CapturingLogger();
        var sender = new LoggingMessageSender(MessageChannel.Sms, log);
        var message = new OutgoingMessage("first-day-T000000000003-2026-11-10-AM", "school", MessageKind.FirstDay, MessageChannel.Sms,
            "07700 900004", "Raj Patel", "T000000000003", "Isla is not in school: please tell us why", "Dear Raj Patel, Isla is not in school this morning.");

        Assert.Equal(SendOutcome.NotSent, await sender.SendAsync(message, CancellationToken.None));

        var written = Assert.Single(log.Lines);
        Assert.Contains(message.Id, written);
        foreach (var personal in new[] { "07700", "Raj", "Patel", "Isla", "Dear" })
        {
            Assert.DoesNotContain(personal, written.Replace(message.Id, "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLogger : ILogger<LoggingMessageSender>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
