using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Messages;

[GenerateSerializer]
public sealed class OutboxState
{
    [Id(0)] public Dictionary<string, MessageRecord> Messages { get; set; } = [];
}

/// <summary>
/// A school's messages home. Each message is saved before anything is sent and marked sent only after its sender
/// returned: delivery is at least once (a crash between the two sends it again, under the same Message-ID), and a
/// message already sent is never sent again by a retry. Sending runs on a timer, never inside the call that queued.
/// </summary>
[SchoolPlacement]
public sealed class MessageOutboxGrain(
    [PersistentState("outbox", StorageNames.Attendance)] IPersistentState<OutboxState> state,
    IEnumerable<IMessageSender> senders,
    IOptions<MessageOptions> options,
    IOptions<FollowUpOptions> checks,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    ILogger<MessageOutboxGrain> logger) : Grain, IMessageOutboxGrain, IRemindable
{
    private const string Reminder = "outbox";

    // The waits between attempts are real time, whatever the school's clock says (tests set that one).
    private readonly TimeProvider waits = TimeProvider.System;
    private IGrainTimer? timer;

    private Dictionary<string, MessageRecord> Messages => state.State.Messages;

    public async Task Queue(IReadOnlyList<OutgoingMessage> messages)
    {
        var now = clock.GetUtcNow();
        var added = messages.Where(m => !Messages.ContainsKey(m.Id)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        foreach (var message in added)
        {
            Messages[message.Id] = new MessageRecord(message, now, MessageStatus.Queued, 0, waits.GetUtcNow(), null, null);
        }

        await state.WriteStateAsync();
        await SendSoon();
    }

    public Task<IReadOnlyList<MessageRecord>> List(string? upn = null, string? to = null) => Task.FromResult<IReadOnlyList<MessageRecord>>(
    [
        .. Messages.Values
            .Where(m => (upn is null || m.Message.Upn == upn) && (to is null || string.Equals(m.Message.To, to, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(m => m.QueuedAt).ThenBy(m => m.Message.Id, StringComparer.Ordinal),
    ]);

    public async Task<MessageRecord?> Retry(string id)
    {
        if (Messages.GetValueOrDefault(id) is not { } record)
        {
            return null;
        }

        if (record.Status is MessageStatus.Failed or MessageStatus.NotSent)
        {
            Messages[id] = record = record with { Status = MessageStatus.Queued, Attempts = 0, NextAttempt = waits.GetUtcNow() };
            await state.WriteStateAsync();
            await SendSoon();
        }

        return record;
    }

    public async Task<bool> Receipt(string id, DeliveryReceipt receipt)
    {
        if (Messages.GetValueOrDefault(id) is not { SentAt: not null, Message.Channel: MessageChannel.Sms } record)
        {
            return false;
        }

        Messages[id] = receipt.Result switch
        {
            DeliveryResult.Delivered => record with { Status = MessageStatus.Delivered, DeliveredAt = receipt.At, LastError = null },
            DeliveryResult.PermanentFailure => record with
            {
                Status = MessageStatus.Undeliverable,
                LastError = "The text service says this number cannot receive texts (not a mobile number, or no longer in use): correct the contact's number.",
            },
            DeliveryResult.TemporaryFailure => record with
            {
                Status = MessageStatus.Failed,
                LastError = "The phone was off or out of signal until the text service gave up: send it again, or call.",
            },
            _ => record with { Status = MessageStatus.Failed, LastError = "The text service could not deliver it through a fault of its own: send it again." },
        };
        await state.WriteStateAsync();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Deliver();

    public async Task Deliver()
    {
        var now = waits.GetUtcNow();
        foreach (var record in Messages.Values.Where(m => m.Status == MessageStatus.Queued && m.NextAttempt <= now).ToList())
        {
            Messages[record.Message.Id] = await Attempt(record);
            await state.WriteStateAsync();
        }

        if (!Messages.Values.Any(m => m.Status == MessageStatus.Queued))
        {
            // Nothing left to send: no reminder wakes the outbox until something is queued again.
            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        else if (Messages.Values.Where(m => m.Status == MessageStatus.Queued).Min(m => m.NextAttempt) is { } next)
        {
            timer?.Change(Max(next - waits.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
    }

    private async Task<MessageRecord> Attempt(MessageRecord record)
    {
        var message = record.Message;
        var attempts = record.Attempts + 1;
        try
        {
            var sender = senders.LastOrDefault(s => s.Channel == message.Channel)
                ?? throw new InvalidOperationException($"No sender is configured for {message.Channel}.");
            using var timeout = new CancellationTokenSource(options.Value.SendTimeout);
            return await sender.SendAsync(message, timeout.Token) == SendOutcome.Sent
                ? record with { Status = MessageStatus.Sent, Attempts = attempts, NextAttempt = null, SentAt = clock.GetUtcNow(), LastError = null }
                : record with { Status = MessageStatus.NotSent, Attempts = attempts, NextAttempt = null, LastError = $"No {message.Channel} sender is configured: nothing was sent." };
        }
        catch (MessageRefusedException e)
        {
            logger.LogWarning("Message {MessageId} cannot be delivered: {Reason}", message.Id, e.Message);
            return record with { Status = MessageStatus.Undeliverable, Attempts = attempts, NextAttempt = null, LastError = e.Message };
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Message {MessageId} failed (attempt {Attempt})", message.Id, attempts);
            var failed = attempts >= options.Value.MaxAttempts;
            var wait = options.Value.FirstRetry * Math.Pow(2, attempts - 1);
            return record with
            {
                Status = failed ? MessageStatus.Failed : MessageStatus.Queued,
                Attempts = attempts,
                NextAttempt = failed ? null : waits.GetUtcNow() + (wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait),
                LastError = e.Message,
            };
        }
    }

    /// <summary>Sends on a timer straight away; the reminder brings the outbox back after a restart while anything is queued.</summary>
    private async Task SendSoon()
    {
        timer ??= this.RegisterGrainTimer(Deliver, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
        timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        await this.RegisterOrUpdateReminder(Reminder, checks.Value.CheckEvery, checks.Value.CheckEvery);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
