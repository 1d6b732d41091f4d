using System.Text.RegularExpressions;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Messages;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace Attendance.Server.Messages;

/// <summary>
/// Sends texts through GOV.UK Notify with its own client. The message's school and id go as Notify's reference, so
/// the delivery receipt Notify sends back later finds the message in its school's outbox.
/// </summary>
public sealed partial class NotifySmsSender(IOptions<NotifyOptions> options) : IMessageSender
{
    private readonly Lazy<NotificationClient> client = new(() => new NotificationClient(options.Value.BaseUrl, options.Value.ApiKey!));

    public MessageChannel Channel => MessageChannel.Sms;

    /// <summary>Notify's reference for a message: its school and its id (the receipt's way back to it).</summary>
    public static string Reference(OutgoingMessage message) => $"{message.SchoolId}/{message.Id}";

    public async Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var notify = options.Value;
        var personalisation = new Dictionary<string, dynamic> { ["body"] = message.Body };
        try
        {
            // The client waits on its HTTP call synchronously inside (.Result): run it off the outbox's turn, and
            // stop waiting when the attempt's time is up.
            await Task.Run(() => client.Value.SendSmsAsync(message.To, notify.SmsTemplateId!, personalisation, Reference(message), notify.SmsSenderId), cancellationToken)
                .WaitAsync(cancellationToken);
            return SendOutcome.Sent;
        }
        catch (NotifyClientException e) when (e.Message.StartsWith("Status code 400", StringComparison.Ordinal))
        {
            // A number Notify will never text (not a UK mobile): sending it again would be refused again. Any other
            // refusal is the service's set-up (a template not found, a trial or team-only key): retried, then failed
            // for the office to send again once the set-up is put right.
            var said = string.Join("; ", NotifyMessage().Matches(e.Message).Select(m => m.Groups[1].Value).Distinct());
            throw said.Contains("phone_number", StringComparison.Ordinal)
                ? (Exception)new MessageRefusedException($"GOV.UK Notify refused the text: {said}. Check the contact's mobile number.")
                : new InvalidOperationException($"GOV.UK Notify refused the text: {(said.Length > 0 ? said : "no reason given")}. Check the service's key and template (Messages:Notify) and whether it is still in trial mode, then send it again.", e);
        }
    }

    [GeneratedRegex("\"message\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial Regex NotifyMessage();
}
