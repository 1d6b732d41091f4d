using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Families;

/// <summary>
/// Notifications on the parent's phone, beside the e-mail: a parent who turned notifications on in the parents' app
/// gets the news there at once, a line and the page to act on it (the first-day message opens the absence report).
/// </summary>
internal static class Notifications
{
    /// <summary>The messages, each e-mail to a parent with a device followed by its notification to those devices.</summary>
    public static async Task<IReadOnlyList<OutgoingMessage>> With(IGrainFactory grains, IReadOnlyList<OutgoingMessage> messages)
    {
        var all = new List<OutgoingMessage>(messages.Count);
        foreach (var message in messages)
        {
            all.Add(message);
            if (message.Channel == MessageChannel.Email && Line(message) is { } line
                && (await grains.GetParent(message.To).Devices()).Count > 0)
            {
                all.Add(message with
                {
                    Id = $"{message.Id}-push",
                    Channel = MessageChannel.Push,
                    Body = line,
                    Attachments = null,
                    Link = message is { Kind: MessageKind.FirstDay, Upn: { } upn } ? $"/parent.html?report={Uri.EscapeDataString(message.SchoolId)}/{upn}" : "/parent.html",
                });
            }
        }

        return all;
    }

    private static string? Line(OutgoingMessage message) => message.Kind switch
    {
        MessageKind.FirstDay => "Marked absent with no reason given. Tap to tell the school why.",
        MessageKind.ReportDecision => "The school has answered your absence report. Tap to see it.",
        MessageKind.LeaveDecision => "The headteacher has decided your leave request. Tap to see it.",
        _ => null,
    };
}
