using Attendance.Server.Messages;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Which endpoints a push subscription may name: the browsers' push services, and nothing that only looks like one.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class PushOptionsTests
{
    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", true)]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/abc", true)]
    [InlineData("https://web.push.apple.com/QGx", true)]
    [InlineData("https://wns2-par02p.notify.windows.com/w/?token=abc", true)]
    [InlineData("https://fcm.googleapis.com.evil.example/x", false)] // a look-alike host
    [InlineData("https://evilnotify.windows.com/w", false)] // not under notify.windows.com
    [InlineData("https://notify.windows.com.evil.example/w", false)]
    [InlineData("http://fcm.googleapis.com/fcm/send/abc", false)] // not over TLS
    [InlineData("https://fcm.googleapis.com:8443/fcm/send/abc", false)] // another port
    [InlineData("http://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://localhost/push", false)]
    public void Only_the_browsers_push_services_are_allowed_unless_others_are_configured(string endpoint, bool allowed) =>
        Assert.Equal(allowed, new PushOptions().Allows(new Uri(endpoint)));

    [Fact]
    public void Configured_services_replace_the_browsers_own()
    {
        var push = new PushOptions { Services = ["http://127.0.0.1:5100/"] };
        Assert.True(push.Allows(new Uri("http://127.0.0.1:5100/push/a")));
        Assert.False(push.Allows(new Uri("https://fcm.googleapis.com/fcm/send/abc")));
        Assert.False(push.Allows(new Uri("http://127.0.0.1:5101/push/a")));
    }
}
