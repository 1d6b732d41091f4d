using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class RegisterRulesTests
{
    private static readonly Session Morning = new(new DateOnly(2026, 11, 10), SessionPart.AM);
    private static readonly Staff Teacher = new("Ms Reed", "Class teacher");

    private static RegisterEntry Held(string code) =>
        new(Morning, code, MarkSource.Gate, Teacher, new DateTimeOffset(2026, 11, 10, 8, 45, 0, TimeSpan.Zero), 10);

    private static readonly Dictionary<string, RegisterEntry?> HeldMarks = new()
    {
        ["A"] = Held("/"), // arrived at the gate
        ["B"] = null,
        ["C"] = null,
    };

    [Fact]
    public void A_pupil_named_twice_is_refused_and_named_once()
    {
        Assert.Equal(["B"], RegisterRules.Repeated(["A", "B", "C", "B", "B"]));
        Assert.Empty(RegisterRules.Repeated(["A", "B", "C"]));
    }

    [Fact]
    public void Every_pupil_on_the_roll_needs_a_mark_held_or_sent()
    {
        Assert.Equal(["C"], RegisterRules.Unmarked(["A", "B", "C"], HeldMarks, ["B"]));
        Assert.Empty(RegisterRules.Unmarked(["A", "B", "C"], HeldMarks, ["B", "C"])); // A's gate mark counts
        Assert.Empty(RegisterRules.Unmarked(["A", "B"], HeldMarks, ["B"])); // C not expected (a guest at a provision)
    }

    [Fact]
    public void A_register_does_not_overwrite_a_mark_but_may_send_the_same_code_again()
    {
        var present = NationalCodes.Get("/");
        var late = NationalCodes.Get("L");
        Assert.Empty(RegisterRules.Conflicting([("A", present), ("B", late)], HeldMarks));
        Assert.Equal(["A"], RegisterRules.Conflicting([("A", late), ("B", late)], HeldMarks));
    }

    [Theory]
    [InlineData(null, "k1", "A=/", "A=/", Resend.OtherRegister)] // no key: another register
    [InlineData("k2", "k1", "A=/", "A=/", Resend.OtherRegister)] // another key: another register
    [InlineData("k1", null, null, "A=/", Resend.OtherRegister)]
    [InlineData("k1", "k1", "A=/", "A=/", Resend.SameRegister)]
    [InlineData("k1", "k1", null, "A=/", Resend.SameRegister)] // kept before bodies were: the key decides
    [InlineData("k1", "k1", "A=/", "A=N", Resend.KeyReused)] // one mark different
    public void A_resend_is_told_from_another_register_by_its_key_and_marks(string? key, string? earlierKey, string? earlierBody, string body, Resend expected) =>
        Assert.Equal(expected, RegisterRules.ResendOf(key, earlierKey, earlierBody, body));

    [Theory]
    [InlineData("/", true)]
    [InlineData("\\", true)]
    [InlineData("l", true)] // letters in either case
    [InlineData(" N ", true)]
    [InlineData("I", false)]
    [InlineData("C", false)]
    [InlineData("X", false)]
    public void A_teacher_records_only_the_policys_teacher_codes(string code, bool allowed)
    {
        var refused = RegisterRules.NotTeacherCodes([("A", code)], AttendancePolicy.Default.TeacherCodes);
        Assert.Equal(allowed ? [] : ["A"], refused);
    }

    [Fact]
    public void A_policy_may_give_teachers_more_codes()
    {
        Assert.Equal(["B"], RegisterRules.NotTeacherCodes([("A", "M"), ("B", "I")], ["/", "\\", "L", "N", "M"]));
    }

    [Theory]
    [InlineData("/", SessionPart.AM, "/")]
    [InlineData("/", SessionPart.PM, "\\")] // a present mark takes its session's symbol
    [InlineData("\\", SessionPart.AM, "/")]
    [InlineData("i", SessionPart.PM, "I")]
    [InlineData("F", SessionPart.AM, null)] // withdrawn in 2024: not a national code
    [InlineData("", SessionPart.AM, null)]
    public void A_code_is_a_national_code_for_its_session(string sent, SessionPart part, string? recorded) =>
        Assert.Equal(recorded, RegisterRules.CodeFor(sent, part)?.Code);
}
