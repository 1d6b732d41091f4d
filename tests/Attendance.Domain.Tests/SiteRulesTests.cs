using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class SiteRulesTests
{
    // AM opens 08:40, late after 09:00, closes 09:30; PM opens 13:00, late after 13:10, closes 13:30.
    private static readonly SessionTimes Times = new(
        new RegisterWindow(new TimeOnly(8, 40), new TimeOnly(9, 0), new TimeOnly(9, 30)),
        new RegisterWindow(new TimeOnly(13, 0), new TimeOnly(13, 10), new TimeOnly(13, 30)));

    [Theory]
    [InlineData("08:15", false, false, "AM,PM")] // before school: the whole day
    [InlineData("09:30", false, false, "AM,PM")] // at the very minute the AM register closes: it is still open
    [InlineData("09:30:01", false, false, "PM")]
    [InlineData("10:30", true, false, "PM")] // registered this morning: present for it
    [InlineData("13:30", true, false, "PM")]
    [InlineData("13:30:01", true, false, "")] // the afternoon register has closed without them: the office's follow-up, not the sign-out
    [InlineData("13:05", true, true, "")] // registered in both: nothing to code
    public void A_sign_out_codes_the_sessions_not_registered_whose_register_has_not_closed(string leftAt, bool amMarked, bool pmMarked, string expected)
    {
        var affected = SiteRules.Affected(Times, TimeOnly.Parse(leftAt), part => part == SessionPart.AM ? amMarked : pmMarked);
        Assert.Equal(expected, string.Join(",", affected));
    }

    [Theory]
    [InlineData(SessionPart.PM, "12:40", "\\")] // back before the afternoon register: present
    [InlineData(SessionPart.PM, "13:10", "\\")]
    [InlineData(SessionPart.PM, "13:11", "L")]
    [InlineData(SessionPart.PM, "13:30", "L")] // at exactly the close: late, still open
    [InlineData(SessionPart.PM, "13:31", null)] // closed: the sign-out's code stands
    [InlineData(SessionPart.AM, "09:15", "L")]
    public void Back_before_a_coded_sessions_register_closes_is_an_arrival_at_that_time(SessionPart part, string backAt, string? expected)
    {
        Assert.Equal(expected, SiteRules.OnReturn(Times, part, TimeOnly.Parse(backAt))?.Code);
    }

    [Theory]
    [InlineData("/", false, false, Presence.OnSite, true)]
    [InlineData("L", false, false, Presence.OnSite, true)]
    [InlineData("U", false, false, Presence.OnSite, true)] // an absence in the figures, but in the building
    [InlineData("N", false, false, Presence.NotOnSite, false)]
    [InlineData("V", false, false, Presence.NotOnSite, false)] // on a trip: not on site
    [InlineData(null, false, false, Presence.NotRegisteredYet, true)] // perhaps here: looked for
    [InlineData("/", true, false, Presence.SignedOut, false)]
    [InlineData("I", false, true, Presence.OnSite, true)] // back after the afternoon register closed: here, the I stands
    public void Where_a_pupil_is_and_whether_a_roll_call_looks_for_them(string? code, bool signedOut, bool signedBackIn, Presence expected, bool lookedFor)
    {
        var presence = SiteRules.PresenceOf(code, signedOut, signedBackIn);
        Assert.Equal(expected, presence);
        Assert.Equal(lookedFor, SiteRules.ShouldBeOnSite(presence));
    }

    [Theory]
    [InlineData("M", true)]
    [InlineData("I", true)]
    [InlineData("C", true)]
    [InlineData("O", true)]
    [InlineData("G", true)]
    [InlineData("N", false)] // the office knows why
    [InlineData("U", false)] // an arrival's code
    [InlineData("/", false)]
    [InlineData("L", false)]
    [InlineData("B", false)] // off-site education is not a sign-out
    [InlineData("X", false)]
    public void A_sign_out_gives_an_absence_code_with_its_reason_known(string code, bool fits)
    {
        Assert.Equal(fits, SiteRules.FitsSignOut(NationalCodes.Get(code)));
    }

    [Fact]
    public void An_appointment_is_M_an_illness_I_and_anything_else_the_offices_choice()
    {
        Assert.Equal("M", SiteRules.DefaultCode(SignOutReason.Appointment)!.Code);
        Assert.Equal("I", SiteRules.DefaultCode(SignOutReason.Illness)!.Code);
        Assert.Null(SiteRules.DefaultCode(SignOutReason.Other));
    }
}
