using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Registers;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using static Attendance.Grains.Tests.TestSchool;

namespace Attendance.Grains.Tests;

/// <summary>A historic marks import kept in parts and run by its job's grain, one part at a time.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class ImportJobTests(MemoryClusterFixture fixture) : IClassFixture<MemoryClusterFixture>
{
    private readonly IGrainFactory grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_job_imports_its_parts_one_after_another_and_clears_them()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        var id = RecordIds.New("import");
        var parts = ImportRows.ThreeParts();
        await ImportRows.Keep(grains, school.Id, id, parts);
        var job = grains.GetGrain<IImportJobGrain>(ImportKeys.Job(school.Id, id));

        var started = await job.Start(ImportRows.Progress(school.Id, id, parts), parts.Length);

        Assert.Equal(ImportStatus.Running, started.Status);
        var done = await Eventually.Until(() => job.Get(), p => p?.Status != ImportStatus.Running, TimeSpan.FromSeconds(30));
        Assert.Equal(ImportStatus.Done, done!.Status);
        Assert.Equal((6, ImportRows.Count(parts)), (done.PupilsDone, done.Imported));
        Assert.Equal((int?)0, done.AlreadyInRegister);
        Assert.NotNull(done.FinishedAt);
        foreach (var pupil in parts.SelectMany(p => p))
        {
            Assert.Equal(pupil.Entries.Count, (await school.Pupil(pupil.Upn).GetEntries()).Count);
        }

        for (var n = 0; n < parts.Length; n++)
        {
            Assert.Null(await grains.GetGrain<IImportPartGrain>(ImportKeys.Part(school.Id, id, n)).Get());
        }

        // Started again (a resend): the job answers its own progress and imports nothing again.
        Assert.Equal(done, await job.Start(ImportRows.Progress(school.Id, id, parts), parts.Length));
    }

    [Fact]
    public async Task A_part_that_cannot_be_read_is_tried_again_and_then_the_job_fails_and_the_pupils_imported_keep_their_marks()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await using var cluster = await Clusters.StartAsync(checkEvery: TimeSpan.FromSeconds(1));
        var school = await new TestSchool(cluster.GrainFactory).CreateAsync();
        var id = RecordIds.New("import");
        var parts = ImportRows.ThreeParts();
        await ImportRows.Keep(cluster.GrainFactory, school.Id, id, parts[..1]); // the second and third parts were never kept
        var job = cluster.GrainFactory.GetGrain<IImportJobGrain>(ImportKeys.Job(school.Id, id));

        await job.Start(ImportRows.Progress(school.Id, id, parts), parts.Length);

        var failed = await Eventually.Until(() => job.Get(), p => p?.Status != ImportStatus.Running, TimeSpan.FromSeconds(60));
        Assert.Equal(ImportStatus.Failed, failed!.Status);
        Assert.Contains("import the same file again", failed.Error, StringComparison.Ordinal);
        Assert.Equal(2, failed.PupilsDone);
        Assert.Null(failed.AlreadyInRegister);
        Assert.Equal(parts[0][0].Entries.Count, (await school.Pupil(Upn(1)).GetEntries()).Count);
        Assert.Empty(await school.Pupil(Upn(3)).GetEntries());
    }

    [Fact]
    public async Task History_whose_append_committed_but_was_reported_failed_is_imported_after_a_reload()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new TestSchool(grains).CreateAsync();
        var pupil = school.Pupil(Upn(1));
        var history = ImportRows.History(1).Entries;
        Assert.Null(await pupil.GetMark(history[0].Session)); // the pupil is active with its register as the journal had it

        // The journal has the first line, as when an append committed and its answer was lost: the pupil does not know.
        var journal = ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider.GetRequiredService<IRegisterJournal>();
        await journal.Append(new JournalAppend(school.Id, Upn(1), new[] { LegalRegisterLine.For(school.Id, Upn(1), 1, history[0], null) }, Array.Empty<CrossingNotice>()));

        Assert.Equal(history.Count - 1, await pupil.ImportHistory(history));
        Assert.Equal(0, await pupil.ImportHistory(history));
        Assert.Equal(history.Count, (await pupil.GetEntries()).Count);
    }
}

/// <summary>A job whose silo stops in the middle of an import, on PostgreSQL: its reminder brings it back after the restart.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class ImportJobRestartTests
{
    [Fact]
    public async Task A_job_whose_silo_stops_mid_import_carries_on_from_its_next_part_and_finishes()
    {
        TestClock.Instance.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var (connectionString, serviceId) = await Clusters.NewDatabaseAsync();
        var checkEvery = TimeSpan.FromSeconds(2);
        var id = RecordIds.New("import");
        var parts = ImportRows.ThreeParts();
        string schoolId;

        var first = await Clusters.StartAsync(connectionString, serviceId, checkEvery);
        try
        {
            var school = await new TestSchool(first.GrainFactory).CreateAsync();
            schoolId = school.Id;

            // The first part's pupils already have these marks: that part is done without an append, and the job goes
            // on to the second, whose appends stop dead before they commit. The silo dies there.
            foreach (var pupil in parts[0])
            {
                await school.Pupil(pupil.Upn).ImportHistory(pupil.Entries);
            }

            await ImportRows.Keep(first.GrainFactory, schoolId, id, parts);
            var stopped = CrashPoint.Arm();
            await first.GrainFactory.GetGrain<IImportJobGrain>(ImportKeys.Job(schoolId, id)).Start(ImportRows.Progress(schoolId, id, parts), parts.Length);
            await stopped.WaitAsync(TimeSpan.FromSeconds(30));
            await first.KillSiloAsync(first.Primary!);
        }
        finally
        {
            CrashPoint.Disarm();
            await first.DisposeAsync();
        }

        // Reading the job's progress only reads it: its reminder is what starts it again, from the second part.
        await using var second = await Clusters.StartAsync(connectionString, serviceId, checkEvery);
        var job = second.GrainFactory.GetGrain<IImportJobGrain>(ImportKeys.Job(schoolId, id));
        var done = await Eventually.Until(() => job.Get(), p => p?.Status != ImportStatus.Running, TimeSpan.FromSeconds(60));

        Assert.Equal(ImportStatus.Done, done!.Status);
        var alreadyMarked = parts[0].Sum(p => p.Entries.Count);
        Assert.Equal((6, ImportRows.Count(parts) - alreadyMarked, alreadyMarked), (done.PupilsDone, done.Imported, done.AlreadyInRegister ?? -1));
        foreach (var pupil in parts.SelectMany(p => p))
        {
            Assert.Equal(pupil.Entries.Count, (await second.GrainFactory.GetPupil(schoolId, pupil.Upn).GetEntries()).Count);
        }

        Assert.Equal(ImportRows.Count(parts), await Database.CountRows(connectionString, "attendance_register"));
        for (var n = 0; n < parts.Length; n++)
        {
            Assert.Null(await second.GrainFactory.GetGrain<IImportPartGrain>(ImportKeys.Part(schoolId, id, n)).Get());
        }
    }
}

/// <summary>The test school's pupils' history, as an import keeps it: two pupils to a part.</summary>
internal static class ImportRows
{
    /// <summary>Pupil <paramref name="n"/> present at every open session from the start of term to the day before <see cref="TestSchool.Today"/>.</summary>
    public static PupilHistory History(int n) => new(Upn(n), Calendar.SchoolDays()
        .Where(day => day < Today.Date)
        .SelectMany(day => new[] { new Session(day, SessionPart.AM), new Session(day, SessionPart.PM) })
        .Select(session => new RegisterEntry(session, session.Part == SessionPart.AM ? "/" : "\\", MarkSource.Import, Officer,
            DateTimeOffset.UnixEpoch, Calendar.SchoolWeek(session.Date)!.Value))
        .ToList());

    /// <summary>Pupils 1-2, 3-4 and 5-6.</summary>
    public static PupilHistory[][] ThreeParts() => [[History(1), History(2)], [History(3), History(4)], [History(5), History(6)]];

    public static int Count(PupilHistory[][] parts) => parts.Sum(p => p.Sum(h => h.Entries.Count));

    public static ImportProgress Progress(string schoolId, string id, PupilHistory[][] parts) =>
        new(id, schoolId, ImportStatus.Running, Count(parts), parts.Sum(p => p.Length), 0, 0, TestClock.Instance.Now, null, null);

    public static async Task Keep(IGrainFactory grains, string schoolId, string id, PupilHistory[][] parts)
    {
        for (var n = 0; n < parts.Length; n++)
        {
            await grains.GetGrain<IImportPartGrain>(ImportKeys.Part(schoolId, id, n)).Keep(parts[n]);
        }
    }
}
