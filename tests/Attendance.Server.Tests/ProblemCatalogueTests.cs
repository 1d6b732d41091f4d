using Attendance.Grains.Abstractions;
using Attendance.Testing;
using Attendance.Server.Http;

namespace Attendance.Server.Tests;

/// <summary>Every refusal a grain can give has its problem in the one catalogue: a status, a title and a stable type.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class ProblemCatalogueTests
{
    public static TheoryData<RejectionReason> Reasons => [.. Enum.GetValues<RejectionReason>()];

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Each_refusal_is_a_problem_with_a_status_a_title_and_its_type(RejectionReason reason)
    {
        var problem = new Rejection(reason, "What happened.", ["item"]).ToProblem().ProblemDetails;
        Assert.Contains(problem.Status!.Value, new[] { 400, 403, 404, 409, 422 });
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.Matches("^urn:attendance:problem:[a-z]+(-[a-z]+)*$", problem.Type);
        Assert.Equal("What happened.", problem.Detail);
    }

    [Fact]
    public void The_types_clients_already_know_keep_their_names()
    {
        Assert.Equal("urn:attendance:problem:invalid-settings", Problems.Type(RejectionReason.InvalidSettings));
        Assert.Equal("urn:attendance:problem:ctf-not-imported", Problems.Type(RejectionReason.CtfNotImported));
        Assert.Equal("urn:attendance:problem:not-a-parent", Problems.Type(RejectionReason.NotAParent));
        Assert.Equal("urn:attendance:problem:register-already-submitted", Problems.Type(RejectionReason.RegisterAlreadySubmitted));
        Assert.Equal(400, Rejection.NotImported(RejectionReason.InvalidRoster, ["Line 1: not CSV."], unreadable: true).ToProblem().StatusCode);
        Assert.Equal(422, Rejection.NotImported(RejectionReason.InvalidRoster, ["Line 2: no UPN."]).ToProblem().StatusCode);
    }
}
