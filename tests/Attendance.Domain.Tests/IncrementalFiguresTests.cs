using CsCheck;
using Attendance.Testing;

namespace Attendance.Domain.Tests;

/// <summary>
/// The figures the hot path keeps by changing a few counters per mark (a pupil's roll-up figures, a class's session
/// counts) must equal the figures counted afresh from the register, for any sequence of marks and amendments.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class IncrementalFiguresTests
{
    private static readonly Staff Office = new("Mrs Okafor", "Attendance officer");

    // Codes of every kind: present, late, after close, authorised, unauthorised, approved activity, not counted, N.
    private static readonly string[] Codes = ["/", "L", "U", "N", "I", "M", "O", "G", "B", "P", "D", "X", "C"];

    // School days either side of a summer, so marks and amendments fall in two school years and many weeks.
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 80).Select(d => new DateOnly(2026, 6, 29).AddDays(d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))];

    /// <summary>One step: a mark or an amendment of a session (a day, AM or PM) with a code.</summary>
    private static readonly Gen<(int Day, bool Pm, int Code, bool Amend)> Step =
        Gen.Select(Gen.Int[0, Days.Length - 1], Gen.Bool, Gen.Int[0, Codes.Length - 1], Gen.Bool);

    private static RegisterEntry Entry((int Day, bool Pm, int Code, bool Amend) step, int entryNo)
    {
        var part = step.Pm ? SessionPart.PM : SessionPart.AM;
        var code = Codes[step.Code] == "/" ? NationalCodes.Present(part).Code : Codes[step.Code];
        var entry = new RegisterEntry(new Session(Days[step.Day], part), code, MarkSource.Office, Office, DateTimeOffset.UnixEpoch.AddMinutes(entryNo), entryNo);
        return step.Amend ? entry with { AmendmentReason = "Corrected by the office" } : entry;
    }

    [Fact]
    public void A_pupils_figures_changed_entry_by_entry_equal_the_figures_counted_from_the_register()
    {
        Step.Array[1, 120].Sample(steps =>
        {
            var register = new PupilRegister();
            var figures = PupilFigures.Of(0, register.Marks);
            var entryNo = 0;
            foreach (var step in steps)
            {
                var entry = Entry(step, entryNo + 1);
                var before = register.Marks.CodeOf(entry.Session);
                if ((step.Amend ? register.Amend(entry) : register.Mark(entry)) == EntryOutcome.Recorded)
                {
                    figures = figures.Changed(++entryNo, entry.Session, before, NationalCodes.Get(entry.Code));
                }
            }

            // Counted afresh: from the entries, in a register that never saw an amendment replace a mark.
            var counted = PupilFigures.Of(entryNo, new PupilRegister(register.CurrentMarks()).Marks);
            Assert.Equal(counted.EntryNo, figures.EntryNo);
            Assert.Equal(Flatten(counted), Flatten(figures));
            Assert.Equal(counted.Weeks.OrderBy(w => w.Key), figures.Weeks.OrderBy(w => w.Key));
        });
    }

    [Fact]
    public void A_pupils_session_codes_and_tallies_kept_entry_by_entry_equal_those_counted_from_the_marks_now()
    {
        // Each step records an entry, or (Code -1) takes back the latest one as a refused journal append does.
        Gen.Select(Step, Gen.Int[-1, Codes.Length - 1]).Array[1, 120].Sample(steps =>
        {
            var register = new PupilRegister();
            foreach (var (step, undo) in steps)
            {
                var entry = Entry(step, register.Entries.Count + 1);
                if (undo < 0 && register.Entries.Count > 0)
                {
                    register.Undo(register.Entries[^1]);
                }
                else if (undo >= 0)
                {
                    _ = step.Amend ? register.Amend(entry) : register.Mark(entry);
                }
            }

            var now = register.CurrentMarks().ToList();
            Assert.Equal(now.Select(e => (e.Session, e.Code, e.SchoolWeek)), register.Marks.Marked().Select(m => (m.Session, m.Code.Code, m.SchoolWeek)));
            Assert.Equal(now.Select(e => e.Session).LastOrDefault(), register.Marks.Latest ?? default);
            var all = new AttendanceTally();
            foreach (var group in now.GroupBy(e => AcademicYear.Of(e.Session.Date)))
            {
                var year = new AttendanceTally();
                foreach (var e in group)
                {
                    year.Add(e.Code, e.SchoolWeek);
                    all.Add(e.Code, e.SchoolWeek);
                }

                // The window is compared below for every week: a tally's latest week stays where an undone mark took it.
                Assert.Equal(year.Snapshot(currentWeek: 0), register.TallyIn(group.Key).Snapshot(currentWeek: 0));
            }

            foreach (var week in now.Select(e => e.SchoolWeek).Distinct())
            {
                Assert.Equal(all.UnauthorisedInRollingWindow(week), register.Tally.UnauthorisedInRollingWindow(week));
                Assert.Equal(all.LateInRollingWindow(week, 4), register.Tally.LateInRollingWindow(week, 4));
            }

            Assert.Equal(Run(now), register.UnauthorisedRun(100));
        });

        // The run counted the long way: back from the latest session, skipping sessions that are not possible ones.
        static int Run(List<RegisterEntry> now) => now.AsEnumerable().Reverse()
            .Where(e => e.Category.IsPossibleSession() || e.Category == AttendanceCategory.UnauthorisedAbsence)
            .TakeWhile(e => e.Category == AttendanceCategory.UnauthorisedAbsence).Count();
    }

    [Fact]
    public void A_sessions_counts_changed_mark_by_mark_equal_the_counts_of_the_marks_now()
    {
        // A class of up to 30, each step marking or re-marking one pupil (null: the mark taken away, as an undo does).
        Gen.Select(Gen.Int[1, 30], Gen.Select(Gen.Int[0, 29], Gen.Int[-1, Codes.Length - 1]).Array[0, 90]).Sample((size, steps) =>
        {
            var marks = new string?[size];
            var counts = SessionCounts.For(marks);
            foreach (var (pupil, code) in steps.Where(s => s.Item1 < size))
            {
                var after = code < 0 ? null : Codes[code];
                counts = counts.Changed(marks[pupil], after);
                marks[pupil] = after;
            }

            Assert.Equal(SessionCounts.For(marks), counts);
        });
    }

    [Fact]
    public void Counting_a_session_in_one_pass_gives_each_kind_of_mark_its_counter()
    {
        var counts = SessionCounts.For(["/", "L", "U", "N", "I", "B", "D", null]);

        Assert.Equal(new SessionCounts(OnRoll: 8, Present: 2, Late: 1, ArrivedAfterRegisterClosed: 1, ApprovedEducationalActivity: 1,
            AuthorisedAbsence: 1, UnauthorisedAbsence: 2, ReasonNotYetEstablished: 1, NotCounted: 1, Unmarked: 1), counts);
    }

    private static IEnumerable<string> Flatten(PupilFigures figures) =>
        figures.Years.SelectMany(y => y.Value.Select(c => $"{y.Key} {c.Key}={c.Value}")).Order(StringComparer.Ordinal);
}
