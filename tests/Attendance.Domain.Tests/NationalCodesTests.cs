using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class NationalCodesTests
{
    [Theory]
    [InlineData("/", AttendanceCategory.Present)]
    [InlineData("\\", AttendanceCategory.Present)]
    [InlineData("L", AttendanceCategory.Present)]
    [InlineData("K", AttendanceCategory.ApprovedEducationalActivity)]
    [InlineData("V", AttendanceCategory.ApprovedEducationalActivity)]
    [InlineData("P", AttendanceCategory.ApprovedEducationalActivity)]
    [InlineData("W", AttendanceCategory.ApprovedEducationalActivity)]
    [InlineData("B", AttendanceCategory.ApprovedEducationalActivity)]
    [InlineData("D", AttendanceCategory.NotCounted)]
    [InlineData("C1", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("M", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("J1", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("S", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("X", AttendanceCategory.NotCounted)]
    [InlineData("C2", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("C", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("E", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("I", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("R", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("T", AttendanceCategory.AuthorisedAbsence)]
    [InlineData("Q", AttendanceCategory.NotCounted)]
    [InlineData("Y1", AttendanceCategory.NotCounted)]
    [InlineData("Y2", AttendanceCategory.NotCounted)]
    [InlineData("Y3", AttendanceCategory.NotCounted)]
    [InlineData("Y4", AttendanceCategory.NotCounted)]
    [InlineData("Y5", AttendanceCategory.NotCounted)]
    [InlineData("Y6", AttendanceCategory.NotCounted)]
    [InlineData("Y7", AttendanceCategory.NotCounted)]
    [InlineData("G", AttendanceCategory.UnauthorisedAbsence)]
    [InlineData("N", AttendanceCategory.UnauthorisedAbsence)]
    [InlineData("O", AttendanceCategory.UnauthorisedAbsence)]
    [InlineData("U", AttendanceCategory.UnauthorisedAbsence)]
    [InlineData("Z", AttendanceCategory.Administrative)]
    [InlineData("#", AttendanceCategory.Administrative)]
    public void Every_national_code_has_its_statistical_category(string code, AttendanceCategory expected)
    {
        Assert.True(NationalCodes.TryGet(code, out var found));
        Assert.Equal(expected, found.Category);
        Assert.False(string.IsNullOrWhiteSpace(found.Meaning));
    }

    [Fact]
    public void The_table_holds_exactly_the_2024_set()
    {
        Assert.Equal(34, NationalCodes.All.Count);
        Assert.Equal(NationalCodes.All.Count, NationalCodes.All.Select(c => c.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("H")]
    [InlineData("J")]
    [InlineData("Y")]
    [InlineData("F")]
    [InlineData("A")]
    [InlineData("")]
    [InlineData("//")]
    [InlineData(null)]
    public void Codes_outside_the_2024_set_are_not_national_codes(string? code)
    {
        Assert.False(NationalCodes.TryGet(code, out _));
    }

    [Fact]
    public void Letters_are_accepted_in_either_case()
    {
        Assert.True(NationalCodes.TryGet("c1", out var code));
        Assert.Equal("C1", code.Code);
    }

    [Theory]
    [InlineData("H", "C")]
    [InlineData("J", "J1")]
    [InlineData("Y", "Y7")]
    [InlineData("F", "C")]
    [InlineData("I", "I")]
    public void Historic_codes_map_to_their_2024_replacement_on_import(string historic, string expected)
    {
        Assert.True(NationalCodes.TryGetForImport(historic, out var code));
        Assert.Equal(expected, code.Code);
    }

    [Fact]
    public void Unknown_historic_codes_are_refused_on_import_too()
    {
        Assert.False(NationalCodes.TryGetForImport("A", out _));
    }

    [Fact]
    public void Present_code_depends_on_the_session()
    {
        Assert.Equal("/", NationalCodes.Present(SessionPart.AM).Code);
        Assert.Equal("\\", NationalCodes.Present(SessionPart.PM).Code);
    }

    [Theory]
    [InlineData("/", SessionPart.PM, "\\")]
    [InlineData("\\", SessionPart.AM, "/")]
    [InlineData("/", SessionPart.AM, "/")]
    [InlineData("L", SessionPart.PM, "L")]
    [InlineData("N", SessionPart.AM, "N")]
    public void A_present_mark_takes_the_symbol_of_its_session(string sent, SessionPart part, string recorded)
    {
        Assert.Equal(recorded, NationalCodes.ForSession(NationalCodes.Get(sent), part).Code);
    }
}
