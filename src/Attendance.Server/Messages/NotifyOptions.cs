namespace Attendance.Server.Messages;

/// <summary>
/// GOV.UK Notify, which sends the texts home (section "Messages:Notify"); none configured, texts are recorded as not
/// sent for the office to see. Notify sends every text through a template of the service's: make one whose whole
/// content is <c>((body))</c> and give its id.
/// </summary>
public sealed class NotifyOptions
{
    public const string Section = "Messages:Notify";

    /// <summary>The service's API key (a live key, or a team or test key while trying it out).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The template whose content is <c>((body))</c>.</summary>
    public string? SmsTemplateId { get; set; }

    /// <summary>The text sender (the name or number texts come from) where the service has more than one.</summary>
    public string? SmsSenderId { get; set; }

    public string BaseUrl { get; set; } = "https://api.notifications.service.gov.uk/";

    /// <summary>
    /// The bearer token Notify sends with each delivery receipt (set the same on the service's callback page, with
    /// the callback URL <c>https://{this service}/api/messages/receipts/notify</c>). Without it receipts are refused.
    /// </summary>
    public string? ReceiptToken { get; set; }
}
