using System.Buffers.Text;
using System.Security.Cryptography;
using Attendance.Grains.Messages;

namespace Attendance.Server.Messages;

public static class MessageSetup
{
    /// <summary>
    /// The senders of messages home, each where it is configured: e-mail through SMTP, texts through GOV.UK Notify,
    /// notifications through Web Push. A channel with none records its messages as not sent.
    /// </summary>
    public static WebApplicationBuilder AddAttendanceMessages(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            builder.Services.AddSingleton<IMessageSender, SmtpMessageSender>();
        }

        if (!string.IsNullOrWhiteSpace(configuration[$"{NotifyOptions.Section}:{nameof(NotifyOptions.ApiKey)}"]))
        {
            builder.Services.AddOptions<NotifyOptions>()
                .Validate(o => !string.IsNullOrWhiteSpace(o.SmsTemplateId), $"{NotifyOptions.Section}:SmsTemplateId is missing: GOV.UK Notify sends texts through a template whose content is ((body)).")
                .Validate(o => !string.IsNullOrWhiteSpace(o.ReceiptToken) || builder.Environment.IsDevelopment(),
                    $"{NotifyOptions.Section}:ReceiptToken is missing: without it no delivery receipt can be accepted (set the same token on the Notify service's callback page).")
                .ValidateOnStart();
            builder.Services.AddSingleton<IMessageSender, NotifySmsSender>();
        }

        // Development makes its own key pair (a parent's subscription then lasts until the server restarts).
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).PostConfigure(push =>
        {
            if (!push.Configured && builder.Environment.IsDevelopment())
            {
                (push.PublicKey, push.PrivateKey) = NewVapidKeys();
            }
        });
        if (!string.IsNullOrWhiteSpace(configuration[$"{PushOptions.Section}:{nameof(PushOptions.PublicKey)}"]) || builder.Environment.IsDevelopment())
        {
            builder.Services.AddHttpClient(WebPushSender.HttpClientName);
            builder.Services.AddSingleton<IMessageSender, WebPushSender>();
        }

        return builder;
    }

    /// <summary>A VAPID key pair for development, where the keys need not outlive the process.</summary>
    private static (string Public, string Private) NewVapidKeys()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return (Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]), Base64Url.EncodeToString(parameters.D));
    }
}
