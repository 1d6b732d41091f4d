using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Storage;
using Attendance.Testing;
using Npgsql;
using Attendance.Grains.Registers;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>The register journal's group commit and its contract, in a real PostgreSQL server.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class JournalTests
{
    // Long enough that appends sent together are committed together.
    private static readonly JournalOptions Gathering = new() { Writers = 1, Linger = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task A_commit_that_fails_acknowledges_none_of_its_marks_and_the_register_holds_none_of_them()
    {
        var (connectionString, _) = await Clusters.NewDatabaseAsync();
        await Execute(connectionString, """
            CREATE FUNCTION refuse_pupil() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.upn = 'T999999999999' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_pupil BEFORE INSERT ON attendance_register FOR EACH ROW EXECUTE FUNCTION refuse_pupil();
            """);
        var journal = await Journals.StartAsync(connectionString, Gathering);

        var appends = Enumerable.Range(1, 5).Select(n => Append(Upn(n), 1)).Append(Append("T999999999999", 1)).ToList();
        var results = appends.Select(a => journal.Append(a)).ToList();

        foreach (var result in results)
        {
            // Ours, so the API answers 503 with Retry-After; the database's own error kept inside.
            var failed = await Assert.ThrowsAsync<RegisterUnavailableException>(() => result);
            Assert.Contains("disk full (test)", Assert.IsType<PostgresException>(failed.InnerException).MessageText);
        }

        Assert.Equal(0, await Database.CountRows(connectionString, "attendance_register"));
        Assert.Equal(0, await Database.CountRows(connectionString, "alert_outbox"));

        // The next commit without the bad append is kept whole.
        await Task.WhenAll(appends.Take(5).Select(a => journal.Append(a)));
        Assert.Equal(5, await Database.CountRows(connectionString, "attendance_register"));
        Assert.Equal(5, await Database.CountRows(connectionString, "alert_outbox"));
    }

    [Fact]
    public async Task A_used_entry_number_fails_only_that_pupils_append_and_the_others_in_its_commit_are_kept()
    {
        var (connectionString, _) = await Clusters.NewDatabaseAsync();
        var journal = await Journals.StartAsync(connectionString, Gathering);
        await journal.Append(Append(Upn(1), 1));

        var taken = journal.Append(Append(Upn(1), 1) with { Crossings = [] });
        var others = new[] { journal.Append(Append(Upn(2), 1)), journal.Append(Append(Upn(3), 1)) };

        await Assert.ThrowsAsync<JournalConflictException>(() => taken);
        await Task.WhenAll(others);
        Assert.Equal(3, await Database.CountRows(connectionString, "attendance_register"));
        var loaded = await journal.Load("school", Upn(1));
        Assert.Equal([1], loaded.Lines.Select(l => l.EntryNo));
        Assert.Equal("T000000000001-PersistentAbsence-1", Assert.Single(loaded.Undelivered).AlertId);
        Assert.Equal(1, loaded.CrossingsMade[CrossingKind.PersistentAbsence]);
    }

    [Fact]
    public async Task A_full_queue_refuses_a_mark_at_once_saying_when_to_send_it_again_and_commits_the_ones_it_took()
    {
        var (connectionString, _) = await Clusters.NewDatabaseAsync();
        var journal = await Journals.StartAsync(connectionString, new JournalOptions
        {
            Writers = 1, Linger = TimeSpan.FromSeconds(1), QueueLimit = 2, RetryAfter = TimeSpan.FromSeconds(3),
        });

        var taken = new[] { journal.Append(Append(Upn(1), 1)), journal.Append(Append(Upn(2), 1)) };
        var busy = Assert.Throws<RegisterBusyException>(() => { _ = journal.Append(Append(Upn(3), 1)); });

        Assert.Equal(TimeSpan.FromSeconds(3), busy.RetryAfter);
        Assert.Contains("send it again in 3 s", busy.Message);
        await Task.WhenAll(taken);
        Assert.Equal(2, await Database.CountRows(connectionString, "attendance_register"));
    }

    [Fact]
    public async Task Two_activations_of_one_pupil_never_write_two_entries_with_one_number_the_second_reloads_and_decides_again()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();

        // Two clusters on one database and service id: each has its own activation of every grain, as Orleans can
        // briefly have during membership changes, and both write the same pupil's register.
        await using var a = await Clusters.StartAsync(connectionString, serviceId);
        var school = await new TestSchool(a.GrainFactory).CreateAsync();
        await using var b = await Clusters.StartAsync(connectionString, serviceId);
        var inA = a.GrainFactory.GetClass(school.Id, "3B");
        var inB = b.GrainFactory.GetClass(school.Id, "3B");
        Assert.Null(await b.GrainFactory.GetPupil(school.Id, Upn(1)).GetMark(Today)); // B's activation has an empty register

        Assert.True((await inA.Mark(new SingleMark(Upn(1), Today, "/", Teacher))).Accepted);
        var second = await inB.Mark(new SingleMark(Upn(1), Today, "O", Officer));
        Assert.Equal(RejectionReason.AlreadyMarked, second.Rejection?.Reason); // B reloaded and saw A's mark

        Assert.True((await inB.Amend(new Amendment(Upn(1), Today, "M", "Dentist letter", Officer))).Accepted);
        Assert.True((await inA.Amend(new Amendment(Upn(1), Today, "I", "Parent phoned: ill", Officer))).Accepted); // A is now the stale one

        var lines = await new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString)).History(school.Id, Upn(1), Today);
        Assert.Equal([(1, "/", (int?)null), (2, "M", 1), (3, "I", 2)], lines.Select(l => (l.EntryNo, l.Code, l.AmendsEntryNo)));
        Assert.Equal("I", (await a.GrainFactory.GetPupil(school.Id, Upn(1)).GetMark(Today))?.Code);
        Assert.Equal(3, (await a.GrainFactory.GetPupil(school.Id, Upn(1)).GetEntries()).Count);
    }

    [Fact]
    public async Task A_pupil_with_a_full_year_of_history_activates_from_its_lines_with_the_figures_it_had_kept_mark_by_mark()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        var year = YearOfHistory(370);
        var old = year.Count - 4; // last Friday's morning: an open session the office may still amend
        var oldSession = year[old].Session;
        string schoolId;
        (TallySnapshot Attendance, PupilStanding Standing, PupilFigures Figures) kept;
        await using (var first = await Clusters.StartAsync(connectionString, serviceId))
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            schoolId = school.Id;
            Assert.Equal(370, await school.Pupil(Upn(1)).ImportHistory(year));

            // Today's mark and an amendment change the figures the pupil keeps, counter by counter.
            Assert.True((await first.GrainFactory.GetClass(schoolId, "3B").Mark(new SingleMark(Upn(1), Today, "/", Teacher))).Accepted);
            Assert.True((await first.GrainFactory.GetClass(schoolId, "3B").Amend(new Amendment(Upn(1), oldSession, "M", "Letter found", Officer))).Accepted);
            kept = await FiguresOf(school.Pupil(Upn(1)));
        }

        // The next morning's activation counts them afresh from its 372 lines: the same figures.
        await using var next = await Clusters.StartAsync(connectionString, serviceId);
        var pupil = next.GrainFactory.GetPupil(schoolId, Upn(1));
        var rebuilt = await FiguresOf(pupil);
        Assert.Equal(kept.Attendance, rebuilt.Attendance);
        Assert.Equal(kept.Standing, rebuilt.Standing);
        Assert.Equal(372, rebuilt.Figures.EntryNo);
        Assert.Equal(Flatten(kept.Figures), Flatten(rebuilt.Figures));
        Assert.Equal(year.Count + 2, (await pupil.GetEntries()).Count);
        Assert.Equal(year[..old], (await pupil.GetEntries()).Take(old));

        var register = new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString));
        Assert.Equal(371, Assert.Single(await register.History(schoolId, Upn(1), Today)).EntryNo);
        var amended = await register.History(schoolId, Upn(1), oldSession);
        Assert.Equal([(old + 1, year[old].Code, (int?)null), (372, "M", old + 1)], amended.Select(l => (l.EntryNo, l.Code, l.AmendsEntryNo)));

        // And it records on from there, its figures changed by the new entry.
        Assert.True((await next.GrainFactory.GetClass(schoolId, "3B").Amend(new Amendment(Upn(1), Today, "L", "Came in at 09:05", Officer))).Accepted);
        var after = (await pupil.GetForRollup()).Figures;
        Assert.Equal(373, after.EntryNo);
        Assert.Equal(rebuilt.Figures.CodesIn(AcademicYear.Of(Today.Date)).GetValueOrDefault("L") + 1, after.CodesIn(AcademicYear.Of(Today.Date))["L"]);
    }

    [Fact]
    public async Task A_pupil_keeps_only_the_last_weeks_entries_and_reads_older_ones_from_the_journal_to_show_or_amend_them()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        await using var cluster = await Clusters.StartAsync(connectionString, serviceId);
        var school = await new TestSchool(cluster.GrainFactory).CreateAsync();
        var year = YearOfHistory(370);
        Assert.Equal(370, await school.Pupil(Upn(1)).ImportHistory(year));
        // A school day at least a month before today (outside the week a pupil keeps), and one last week.
        var september = year.Last(e => e.Session.Date <= Today.Date.AddDays(-30) && Calendar.IsOpen(e.Session));
        var lastWeek = year[^6];
        var septemberNo = year.IndexOf(september) + 1;

        // Shown from the journal as it was recorded: who and when, not only the code.
        var pupil = school.Pupil(Upn(1));
        Assert.Equal([september, lastWeek], (await pupil.GetMarks([september.Session, lastWeek.Session])).ToList());

        // Amended in the same activation: the new line names the September entry it replaces, read back from the journal.
        Assert.True((await cluster.GrainFactory.GetClass(school.Id, "3B").Amend(new Amendment(Upn(1), september.Session, "M", "Letter found", Officer))).Accepted);
        var lines = await new PostgresLegalRegister(NpgsqlDataSource.Create(connectionString)).History(school.Id, Upn(1), september.Session);
        Assert.Equal([(septemberNo, september.Code, (int?)null, (string?)null), (371, "M", septemberNo, september.Code)], lines.Select(l => (l.EntryNo, l.Code, l.AmendsEntryNo, l.OriginalCode)));
        Assert.Equal(september.RecordedBy.Name, lines[1].OriginalRecordedBy);
        Assert.Equal(september.RecordedAt, lines[1].OriginalRecordedAt);
        Assert.Equal([september.Code, "M"], (await pupil.GetHistory(september.Session)).Select(e => e.Code));
        Assert.Equal("Letter found", (await pupil.GetMark(september.Session))?.AmendmentReason);
        Assert.Equal(371, (await pupil.GetEntries()).Count);
    }

    private static async Task<(TallySnapshot Attendance, PupilStanding Standing, PupilFigures Figures)> FiguresOf(IPupilGrain pupil) =>
        ((await pupil.GetSummary(Today.Date, null))!.Attendance, await pupil.GetStanding(Today.Date), (await pupil.GetForRollup()).Figures);

    /// <summary>The figures as sorted text: dictionaries built in another order compare equal.</summary>
    private static List<string> Flatten(PupilFigures figures) =>
    [
        .. figures.Years.SelectMany(y => y.Value.Select(c => $"{y.Key} {c.Key}={c.Value}"))
            .Concat(figures.Weeks.Select(w => $"{w.Key:yyyy-MM-dd} {w.Value}"))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary><paramref name="sessions"/> imported sessions on the weekdays before today, every fourth one unauthorised.</summary>
    private static List<RegisterEntry> YearOfHistory(int sessions)
    {
        var days = new List<DateOnly>();
        for (var day = Today.Date.AddDays(-1); days.Count * 2 < sessions; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }

        var week = Calendar.SchoolWeek(Today.Date)!.Value;
        return [.. days.Order()
            .SelectMany(day => new[] { new Session(day, SessionPart.AM), new Session(day, SessionPart.PM) })
            .Take(sessions)
            .Select((session, i) => new RegisterEntry(session, i % 4 == 0 ? "O" : "/", MarkSource.Import, Officer,
                DateTimeOffset.UnixEpoch.AddDays(i), week - ((Today.Date.DayNumber - session.Date.DayNumber) / 7) - 1))];
    }

    private static JournalAppend Append(string upn, int entryNo) => new(
        "school",
        upn,
        [new LegalRegisterLine("school", upn, entryNo, Today, "O", MarkSource.Office, Officer.Name, Officer.Position,
            TestClock.Instance.Now, null, null, null, null, null, null, 10)],
        [new CrossingNotice($"{upn}-PersistentAbsence-1", upn, "Pupil", "3B",
            new Crossing(CrossingKind.PersistentAbsence, "below", "above", true, "Call home.", 1),
            new StandingFigures(20, 17, 3, 3, 0, 0, 3, 0, 380),
            new RegisterEntry(Today, "O", MarkSource.Office, Officer, TestClock.Instance.Now, 10),
            false)]);

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
