using Attendance.Domain;
using Attendance.Grains.Abstractions;
using static Attendance.Grains.Tests.TestSchool;
using Attendance.Testing;

namespace Attendance.Grains.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class MarkingTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    private static void At(int hour, int minute, int day = 10) =>
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private async Task<TestSchool> NewSchool()
    {
        At(9, 10);
        return await new TestSchool(grains).CreateAsync();
    }

    [Fact]
    public async Task A_submitted_register_marks_every_pupil_and_updates_their_tallies()
    {
        var school = await NewSchool();

        var result = await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N"));

        Assert.True(result.Accepted);
        Assert.Equal(3, result.Value!.Recorded.Count);
        var register = await school.Class("3B").GetRegister(Today);
        Assert.Equal(RegisterState.Submitted, register!.State);
        Assert.Equal(Teacher, register.SubmittedBy);
        Assert.Equal(["/", "L", "N"], register.Lines.Select(l => l.Mark!.Code));
        Assert.Equal((2, 1, 1, 0), (register.Counts.Present, register.Counts.Late, register.Counts.ReasonNotYetEstablished, register.Counts.Unmarked));

        var summary = await school.Pupil(Upn(3)).GetSummary(Today.Date, currentWeek: null);
        Assert.Equal(1, summary!.Attendance.UnauthorisedAbsence);
        Assert.Equal(0m, summary.Attendance.AttendancePercent);
        Assert.Equal("N", Assert.Single(summary.TodaysMarks).Code);
    }

    [Fact]
    public async Task A_register_submitted_twice_is_refused_and_changes_nothing()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "/"));

        var again = await school.Class("3B").SubmitRegister(Register(Today, "N", "N", "N"));

        Assert.Equal(RejectionReason.RegisterAlreadySubmitted, again.Rejection!.Reason);
        Assert.Equal("/", (await school.Pupil(Upn(1)).GetMark(Today))!.Code);
    }

    [Fact]
    public async Task A_register_resent_with_the_same_request_id_is_applied_once_and_another_id_is_refused()
    {
        var school = await NewSchool();
        var first = Register(Today, "/", "L", "N") with { RequestId = "tablet-7:3B:2026-11-10-AM" };
        Assert.Equal(3, (await school.Class("3B").SubmitRegister(first)).Value!.Recorded.Count);
        await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Parent phoned", Officer));

        var resent = await school.Class("3B").SubmitRegister(first);
        var otherTablet = await school.Class("3B").SubmitRegister(first with { RequestId = "tablet-8:3B:2026-11-10-AM", TakenBy = new Staff("Mr Khan", "Teaching assistant") });

        Assert.True(resent.Accepted);
        Assert.Equal((0, 3), (resent.Value!.Recorded.Count, resent.Value!.Unchanged));
        Assert.Equal(RejectionReason.RegisterAlreadySubmitted, otherTablet.Rejection!.Reason);
        Assert.Equal(["N", "I"], (await school.Pupil(Upn(3)).GetHistory(Today)).Select(e => e.Code));
        Assert.Single(await school.Pupil(Upn(1)).GetHistory(Today));
        Assert.Equal(Teacher, (await school.Class("3B").GetRegister(Today))!.SubmittedBy);
    }

    [Fact]
    public async Task An_incomplete_register_is_refused_naming_the_pupils_without_a_mark()
    {
        var school = await NewSchool();

        var result = await school.Class("3B").SubmitRegister(Register(Today, "/"));

        Assert.Equal(RejectionReason.RegisterIncomplete, result.Rejection!.Reason);
        Assert.Equal([Upn(2), Upn(3)], result.Rejection.Items);
        Assert.Null(await school.Pupil(Upn(1)).GetMark(Today));
    }

    [Theory]
    [InlineData("H")] // pre-2024 code
    [InlineData("A")]
    [InlineData("")]
    public async Task A_register_with_a_code_outside_the_national_set_is_refused_whole(string code)
    {
        var school = await NewSchool();

        var result = await school.Class("3B").SubmitRegister(Register(Today, "/", code, "/"));

        Assert.Equal(RejectionReason.UnknownCode, result.Rejection!.Reason);
        Assert.Null(await school.Pupil(Upn(1)).GetMark(Today));
        Assert.Equal(RegisterState.NotStarted, (await school.Class("3B").GetStatus(Today))!.State);
    }

    [Fact]
    public async Task A_pupil_from_another_class_is_refused()
    {
        var school = await NewSchool();

        var result = await school.Class("3B").Mark(new SingleMark(Upn(4), Today, "/", Officer));

        Assert.Equal(RejectionReason.PupilNotInClass, result.Rejection!.Reason);
        Assert.Null(await school.Pupil(Upn(4)).GetMark(Today));
    }

    [Theory]
    [InlineData(2026, 11, 2, SessionPart.AM, RejectionReason.SchoolClosed)] // INSET day
    [InlineData(2026, 10, 28, SessionPart.AM, RejectionReason.SchoolClosed)] // half-term
    [InlineData(2026, 11, 14, SessionPart.AM, RejectionReason.SchoolClosed)] // Saturday
    [InlineData(2026, 11, 11, SessionPart.AM, RejectionReason.FutureSession)] // tomorrow
    [InlineData(2026, 11, 10, SessionPart.PM, RejectionReason.FutureSession)] // this afternoon, at 09:10
    public async Task Closed_and_future_sessions_cannot_be_marked(int year, int month, int day, SessionPart part, RejectionReason expected)
    {
        var school = await NewSchool();
        var session = new Session(new DateOnly(year, month, day), part);

        var result = await school.Class("3B").Mark(new SingleMark(Upn(1), session, "/", Officer));

        Assert.Equal(expected, result.Rejection!.Reason);
        Assert.Null(await school.Pupil(Upn(1)).GetMark(session));
    }

    [Theory]
    [InlineData(8, 55, "/")]
    [InlineData(9, 0, "/")]
    [InlineData(9, 1, "L")]
    [InlineData(9, 30, "L")]
    [InlineData(9, 31, "U")]
    public async Task A_gate_arrival_is_marked_by_the_register_window(int hour, int minute, string expected)
    {
        var school = await NewSchool();
        var arrivedAt = new DateTimeOffset(2026, 11, 10, hour, minute, 0, TimeSpan.Zero); // GMT: local time = UTC

        var result = await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), arrivedAt));

        var entry = Assert.Single(result.Value!.Recorded);
        Assert.Equal(expected, entry.Code);
        Assert.Equal(MarkSource.Gate, entry.Source);
        Assert.Equal(new TimeOnly(hour, minute), entry.ArrivedAt);
    }

    [Fact]
    public async Task A_gate_arrival_in_British_summer_time_uses_the_school_clock()
    {
        var school = await NewSchool();
        At(9, 10, day: 10);
        var arrivedAt = new DateTimeOffset(2026, 9, 10, 8, 10, 0, TimeSpan.Zero); // 09:10 BST

        var result = await school.Pupil(Upn(1)).RecordArrival(new Arrival(Upn(1), arrivedAt));

        Assert.Equal("L", Assert.Single(result.Value!.Recorded).Code);
    }

    [Fact]
    public async Task A_late_arrival_replaces_N_and_keeps_the_original()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"));

        var result = await school.Pupil(Upn(3)).RecordArrival(new Arrival(Upn(3), new DateTimeOffset(2026, 11, 10, 9, 20, 0, TimeSpan.Zero)));

        Assert.Equal("L", Assert.Single(result.Value!.Recorded).Code);
        var history = await school.Pupil(Upn(3)).GetHistory(Today);
        Assert.Equal(["N", "L"], history.Select(e => e.Code));
        Assert.Equal("Arrived at 09:20", history[1].AmendmentReason);
        var summary = await school.Pupil(Upn(3)).GetSummary(Today.Date, null);
        Assert.Equal((1, 0, 1), (summary!.Attendance.Present, summary.Attendance.UnauthorisedAbsence, summary.Attendance.Late));
    }

    [Fact]
    public async Task A_register_sent_before_the_class_heard_of_an_acknowledged_arrival_counts_the_arrival_and_is_taken()
    {
        var school = await NewSchool();
        Assert.Equal(3, (await school.Class("3B").GetRegister(Today))!.Lines.Count(l => l.Mark is null)); // the class's view is loaded

        // Pupil 3's arrival recorded and acknowledged, its one-way word to the class not there yet (a busy silo).
        var arrival = new RegisterEntry(Today, "L", MarkSource.Gate, Staff.GateReader, TestClock.Instance.Now, Calendar.SchoolWeek(Today.Date)!.Value) { ArrivedAt = new TimeOnly(8, 58) };
        Assert.Equal(EntryOutcome.Recorded, (await school.Pupil(Upn(3)).Mark(arrival, 0)).Outcome);

        var result = await school.Class("3B").SubmitRegister(Register(Today, "/", "/"));

        Assert.True(result.Accepted, result.Rejection?.Detail);
        Assert.Equal(["/", "/", "L"], (await school.Class("3B").GetRegister(Today))!.Lines.OrderBy(l => l.Upn).Select(l => l.Mark?.Code));
    }

    [Fact]
    public async Task An_arrivals_word_to_the_class_coming_after_an_office_amendment_never_shows_the_older_mark()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"));
        await school.Pupil(Upn(3)).RecordArrival(new Arrival(Upn(3), new DateTimeOffset(2026, 11, 10, 9, 20, 0, TimeSpan.Zero)));
        Assert.True((await school.Class("3B").Amend(new Amendment(Upn(3), Today, "M", "Dentist: letter brought in", Officer))).Accepted);

        // The arrival's one-way word (the N it replaced, the L) reaching the class only now (a busy silo): the class
        // shows the pupil's mark now.
        var history = await school.Pupil(Upn(3)).GetHistory(Today);
        await school.Class("3B").MemberMarked(Upn(3), replaced: history[0], entry: history[1]);

        var line = (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(3));
        Assert.Equal("M", line.Mark!.Code);
        Assert.Equal(["N", "L", "M"], (await school.Pupil(Upn(3)).GetHistory(Today)).Select(e => e.Code));
    }

    [Fact]
    public async Task A_second_tap_at_the_gate_changes_nothing()
    {
        var school = await NewSchool();
        var arrival = new Arrival(Upn(1), new DateTimeOffset(2026, 11, 10, 8, 50, 0, TimeSpan.Zero));
        await school.Pupil(arrival.Upn).RecordArrival(arrival);

        var again = await school.Pupil(arrival.Upn).RecordArrival(arrival with { ArrivedAt = arrival.ArrivedAt.AddMinutes(5) });

        Assert.Empty(again.Value!.Recorded);
        Assert.Equal(1, again.Value!.Unchanged);
        Assert.Single(await school.Pupil(Upn(1)).GetHistory(Today));
    }

    [Fact]
    public async Task Amending_N_to_I_moves_the_session_to_authorised_and_keeps_the_original()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N"));

        var result = await school.Class("3B").Amend(new Amendment(Upn(3), Today, "I", "Parent phoned at 09:40: chickenpox", Officer));

        Assert.True(result.Accepted);
        var history = await school.Pupil(Upn(3)).GetHistory(Today);
        Assert.Equal(["N", "I"], history.Select(e => e.Code));
        Assert.Equal(Teacher, history[0].RecordedBy);
        Assert.Equal(Officer, history[1].RecordedBy);
        var attendance = (await school.Pupil(Upn(3)).GetSummary(Today.Date, null))!.Attendance;
        Assert.Equal((1, 0), (attendance.AuthorisedAbsence, attendance.UnauthorisedAbsence));
        var line = (await school.Class("3B").GetRegister(Today))!.Lines.Single(l => l.Upn == Upn(3));
        Assert.True(line.Amended);
        Assert.Equal("I", line.Mark!.Code);
    }

    [Fact]
    public async Task Marking_a_marked_session_with_another_code_is_a_conflict_not_an_overwrite()
    {
        var school = await NewSchool();
        await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "/", Teacher));

        var result = await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "O", Officer));

        Assert.Equal(RejectionReason.AlreadyMarked, result.Rejection!.Reason);
        Assert.Single(await school.Pupil(Upn(1)).GetHistory(Today));
    }

    [Fact]
    public async Task An_amendment_needs_a_mark_to_amend_and_a_reason()
    {
        var school = await NewSchool();

        var notMarked = await school.Class("3B").Amend(new Amendment(Upn(1), Today, "I", "Ill", Officer));
        var noReason = await school.Class("3B").Amend(new Amendment(Upn(1), Today, "I", " ", Officer));

        Assert.Equal(RejectionReason.NotMarked, notMarked.Rejection!.Reason);
        Assert.Equal(RejectionReason.InvalidRequest, noReason.Rejection!.Reason);
        Assert.Empty(await school.Pupil(Upn(1)).GetHistory(Today));
    }

    [Fact]
    public async Task A_present_mark_sent_as_slash_for_the_afternoon_is_recorded_as_backslash()
    {
        var school = await NewSchool();
        At(13, 5);
        var pm = Today with { Part = SessionPart.PM };

        var result = await school.Class("3B").Mark(new SingleMark(Upn(1), pm, "/", Teacher, MarkSource.Register));

        Assert.Equal("\\", Assert.Single(result.Value!.Recorded).Code);
    }

    [Theory]
    [InlineData(99)] // no such source
    [InlineData(1)] // Gate: arrivals are recorded as arrivals
    public async Task A_single_mark_from_a_source_that_is_not_a_register_office_or_provision_is_refused_and_records_nothing(int source)
    {
        var school = await NewSchool();

        var result = await school.Class("3B").Mark(new SingleMark(Upn(1), Today, "/", Officer, (MarkSource)source));

        Assert.Equal(RejectionReason.InvalidRequest, result.Rejection?.Reason);
        Assert.Empty(await school.Pupil(Upn(1)).GetHistory(Today));
    }

    [Fact]
    public async Task A_register_resent_under_its_request_id_with_other_marks_is_refused_and_the_first_stands()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N") with { RequestId = "tablet-1" });

        var result = await school.Class("3B").SubmitRegister(Register(Today, "/", "/", "N") with { RequestId = "tablet-1" });

        Assert.Equal(RejectionReason.IdempotencyKeyReused, result.Rejection?.Reason);
        Assert.Equal(["/", "L", "N"], (await school.Class("3B").GetRegister(Today))!.Lines.Select(l => l.Mark!.Code));
    }

    [Fact]
    public async Task The_live_status_counts_every_class_for_the_current_session()
    {
        var school = await NewSchool();
        await school.Class("3B").SubmitRegister(Register(Today, "/", "L", "N"));
        await school.Class("4G").Mark(new SingleMark(Upn(4), Today, "I", Officer));

        var status = await school.School.GetLiveStatus();

        Assert.Equal(Today, status!.Session);
        Assert.True(status.SessionIsToday);
        Assert.Equal([RegisterState.Submitted, RegisterState.InProgress], status.Classes.Select(c => c.State));
        Assert.Equal((6, 2, 1, 1, 1, 2), (status.Totals.OnRoll, status.Totals.Present, status.Totals.Late,
            status.Totals.ReasonNotYetEstablished, status.Totals.AuthorisedAbsence, status.Totals.Unmarked));
    }
}
