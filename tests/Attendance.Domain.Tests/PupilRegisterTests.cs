using Attendance.Domain;
using static Attendance.Domain.Tests.Calendars;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class PupilRegisterTests
{
    private static readonly Staff Teacher = new("Ms Patel", "Class teacher");
    private static readonly Staff Officer = new("Mr Jones", "Attendance officer");
    private static readonly DateTimeOffset At = new(2026, 11, 10, 9, 5, 0, TimeSpan.Zero);

    private static RegisterEntry Mark(Session session, string code) =>
        new(session, code, MarkSource.Register, Teacher, At, Autumn2026.SchoolWeek(session.Date)!.Value);

    private static RegisterEntry Amendment(Session session, string code, string reason) =>
        Mark(session, code) with { RecordedBy = Officer, AmendmentReason = reason };

    [Fact]
    public void Amending_N_to_I_moves_the_session_from_unauthorised_to_authorised()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 10), "/"));
        register.Mark(Mark(Pm(11, 10), "N"));
        Assert.Equal(1, register.Tally.Snapshot().UnauthorisedAbsence);

        Assert.Equal(EntryOutcome.Recorded, register.Amend(Amendment(Pm(11, 10), "I", "Parent phoned: illness")));

        var snapshot = register.Tally.Snapshot();
        Assert.Equal(0, snapshot.UnauthorisedAbsence);
        Assert.Equal(1, snapshot.AuthorisedAbsence);
        Assert.Equal(2, snapshot.PossibleSessions);
        Assert.Equal(0, snapshot.UnauthorisedInRollingWindow);
        Assert.Equal("I", register.CurrentMark(Pm(11, 10))!.Code);
    }

    [Fact]
    public void An_amendment_keeps_the_original_entry()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 10), "N"));
        register.Amend(Amendment(Am(11, 10), "M", "Dentist letter"));

        var history = register.History(Am(11, 10)).ToList();
        Assert.Equal(["N", "M"], history.Select(e => e.Code));
        Assert.False(history[0].IsAmendment);
        Assert.Equal("Dentist letter", history[1].AmendmentReason);
        Assert.Equal(Officer, history[1].RecordedBy);
    }

    [Fact]
    public void Taking_back_an_amendment_the_journal_refused_restores_the_mark_and_tally_it_replaced()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 10), "N"));
        var before = register.Tally.Snapshot();
        var amendment = Amendment(Am(11, 10), "I", "Parent phoned: illness");
        register.Amend(amendment);

        register.Undo(amendment);

        Assert.Equal("N", register.CurrentMark(Am(11, 10))!.Code);
        Assert.Single(register.Entries);
        Assert.Equal(before, register.Tally.Snapshot());

        var first = register.Entries[0];
        register.Undo(first);
        Assert.Null(register.CurrentMark(Am(11, 10)));
        Assert.Equal(0, register.Tally.Snapshot().PossibleSessions);
        Assert.Throws<InvalidOperationException>(() => register.Undo(first));
    }

    [Fact]
    public void Marking_again_with_the_same_code_changes_nothing()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 10), "/"));
        Assert.Equal(EntryOutcome.Unchanged, register.Mark(Mark(Am(11, 10), "/")));
        Assert.Single(register.Entries);
        Assert.Equal(1, register.Tally.Snapshot().Present);
    }

    [Fact]
    public void Marking_again_with_another_code_is_refused_and_changes_nothing()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 10), "/"));
        Assert.Equal(EntryOutcome.AlreadyMarked, register.Mark(Mark(Am(11, 10), "O")));
        Assert.Single(register.Entries);
        Assert.Equal(0, register.Tally.Snapshot().UnauthorisedAbsence);
    }

    [Fact]
    public void An_amendment_needs_an_existing_mark_and_a_reason()
    {
        var register = new PupilRegister();
        Assert.Equal(EntryOutcome.NotMarked, register.Amend(Amendment(Am(11, 10), "I", "Ill")));
        Assert.Throws<ArgumentException>(() => register.Amend(Mark(Am(11, 10), "I")));
        Assert.Empty(register.Entries);
    }

    [Fact]
    public void Reloading_the_entries_rebuilds_the_same_tally()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(9, 7), "O"));
        register.Mark(Mark(Am(11, 10), "N"));
        register.Amend(Amendment(Am(11, 10), "I", "Ill"));
        register.Mark(Mark(Pm(11, 10), "L"));

        var reloaded = new PupilRegister(register.Entries);
        Assert.Equal(register.Tally.Snapshot(), reloaded.Tally.Snapshot());
    }

    [Fact]
    public void The_rolling_window_spans_half_term_in_school_weeks()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(9, 4), "O"));  // school week 0
        register.Mark(Mark(Am(9, 8), "O"));  // school week 1: 10 calendar weeks but 9 school weeks before 16 November
        register.Mark(Mark(Am(11, 17), "G")); // school week 10

        // The window ending in week 10 covers weeks 1-10 (8 September to 20 November, across the half-term holiday).
        Assert.Equal(2, register.Tally.Snapshot().UnauthorisedInRollingWindow);
        Assert.Equal(2, register.Tally.Snapshot(currentWeek: 9).UnauthorisedInRollingWindow); // weeks 0-9
        Assert.Equal(1, register.Tally.Snapshot(currentWeek: 11).UnauthorisedInRollingWindow); // weeks 2-11
    }

    [Fact]
    public void The_unauthorised_run_counts_back_from_the_latest_session_skipping_uncounted_sessions()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 9), "O"));
        register.Mark(Mark(Pm(11, 9), "I")); // authorised: ends the run
        register.Mark(Mark(Am(11, 10), "N"));
        register.Mark(Mark(Pm(11, 10), "#")); // not counted: neither counts nor breaks
        register.Mark(Mark(Am(11, 11), "G"));
        register.Mark(Mark(Pm(11, 11), "U"));

        Assert.Equal(3, register.UnauthorisedRun(limit: 20));
        Assert.Equal(2, register.UnauthorisedRun(limit: 2));

        register.Mark(Mark(Am(11, 12), "/"));
        Assert.Equal(0, register.UnauthorisedRun(limit: 20));
    }

    [Fact]
    public void The_run_follows_session_order_not_the_order_marks_were_made()
    {
        var register = new PupilRegister();
        register.Mark(Mark(Am(11, 11), "O"));
        register.Mark(Mark(Am(11, 10), "O")); // marked late, earlier session
        register.Mark(Mark(Am(11, 9), "/"));

        Assert.Equal(2, register.UnauthorisedRun(limit: 20));
        register.Amend(Amendment(Am(11, 10), "I", "Parent phoned: illness"));
        Assert.Equal(1, register.UnauthorisedRun(limit: 20));
    }
}
