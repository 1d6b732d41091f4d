using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Messages;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Messages;

/// <summary>
/// Sends a notification to each device on which the parent (or, for a duty alert, the staff on duty) turned
/// notifications on, through the device's push service (Web Push with VAPID, the payload encrypted for the device:
/// the push service cannot read it). A device whose push service says the subscription is gone is forgotten.
/// </summary>
public sealed class WebPushSender(IGrainFactory grains, IHttpClientFactory http, IOptions<PushOptions> options, ILogger<WebPushSender> logger) : IMessageSender
{
    public const string HttpClientName = "push";

    public MessageChannel Channel => MessageChannel.Push;

    public async Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        // A duty alert goes to the school's staff on duty; anything else to the parent it is addressed to.
        IPushRecipientsGrain recipients = message.Kind == MessageKind.DutyAlert ? grains.GetGrain<IDutyGrain>(message.SchoolId) : grains.GetParent(message.To);
        var push = new PushServiceClient(http.CreateClient(HttpClientName))
        {
            DefaultAuthentication = new VapidAuthentication(options.Value.PublicKey!, options.Value.PrivateKey!) { Subject = options.Value.Subject },
        };
        var notification = new PushMessage(JsonSerializer.Serialize(new { title = message.Subject, body = message.Body, url = message.Link ?? "/parent.html", tag = message.Id }))
        {
            // The same message sent again replaces a copy the push service still holds for a device that was off.
            Topic = Topic(message.Id),
            TimeToLive = (int)TimeSpan.FromDays(1).TotalSeconds,
            Urgency = PushMessageUrgency.High,
        };

        var reached = 0;
        Exception? failure = null;
        foreach (var device in await recipients.Devices())
        {
            var subscription = new PushSubscription { Endpoint = device.Endpoint };
            subscription.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
            subscription.SetKey(PushEncryptionKeyName.Auth, device.Auth);
            try
            {
                await push.RequestPushMessageDeliveryAsync(subscription, notification, cancellationToken);
                reached++;
            }
            catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                // The app was removed or notifications turned off in the browser: the subscription will never work again.
                logger.LogInformation("A push subscription for message {MessageId} is gone; the device is forgotten", message.Id);
                await recipients.RemoveDevice(device.Endpoint);
            }
            catch (Exception e) when (e is PushServiceClientException or HttpRequestException)
            {
                failure = e;
            }
        }

        return reached > 0 ? SendOutcome.Sent
            : failure is not null ? throw new HttpRequestException($"No push service took the notification: {failure.Message}", failure)
            : throw new MessageRefusedException(message.Kind == MessageKind.DutyAlert
                ? "No one is on duty with notifications on any more."
                : "The parent has no device with notifications turned on any more.");
    }

    /// <summary>A push topic (at most 32 URL-safe characters) for the message.</summary>
    private static string Topic(string messageId) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];
}
