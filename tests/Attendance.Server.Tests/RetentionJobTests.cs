using Attendance.Domain;
using Attendance.Server.Access;
using Attendance.Server.Retention;
using Attendance.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Attendance.Grains.Registers;

namespace Attendance.Server.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class RetentionJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(6, 2020)]
    [InlineData(3, 2023)]
    public async Task Purges_lines_made_more_than_the_retention_years_ago_and_logs_each_schools_count(int years, int cutoffYear)
    {
        var cutoff = new DateTimeOffset(cutoffYear, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var register = new InMemoryRegisterJournal();
        await register.Append(new JournalAppend("oak", "A123456789012", [Line("oak", 1, cutoff.AddTicks(-1)), Line("oak", 2, cutoff.AddYears(-2)), Line("oak", 3, cutoff)], []));
        await register.Append(new JournalAppend("elm", "A123456789012", [Line("elm", 1, cutoff.AddDays(-1))], []));
        var log = new LogRecorder();
        var job = new RetentionJob(register, new InMemoryPupilReads(), Options.Create(new RetentionOptions { RetentionYears = years }), new SettableClock(Now), log);

        var purged = await job.PurgeOnce();

        Assert.Equal(new Dictionary<string, int> { ["oak"] = 2, ["elm"] = 1 }, purged);
        Assert.Equal([3], (await register.Read("oak", DateOnly.MinValue, DateOnly.MaxValue)).Select(l => l.EntryNo));
        Assert.Contains($"Retention: purged 2 legal register line(s) of school oak made before {cutoff.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", log.Messages);
        Assert.Contains($"Retention: purged 1 legal register line(s) of school elm made before {cutoff.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", log.Messages);
        Assert.Empty(await job.PurgeOnce());
    }

    [Fact]
    public async Task Keeps_a_line_whose_recorded_time_is_old_but_whose_session_is_within_the_retention_period()
    {
        var register = new InMemoryRegisterJournal();
        var thisYear = new Session(new DateOnly(2026, 11, 9), SessionPart.AM);
        await register.Append(new JournalAppend("oak", "A123456789012", [Line("oak", 1, Now.AddYears(-10)) with { Session = thisYear }], []));
        var job = new RetentionJob(register, new InMemoryPupilReads(), Options.Create(new RetentionOptions()), new SettableClock(Now), new LogRecorder());

        Assert.Empty(await job.PurgeOnce());
        Assert.Single(await register.Read("oak", DateOnly.MinValue, DateOnly.MaxValue));
    }

    [Fact]
    public void Keeps_six_years_by_default_as_the_2024_regulations_require() => Assert.Equal(6, new RetentionOptions().RetentionYears);

    private static LegalRegisterLine Line(string school, int no, DateTimeOffset made) => new(
        school, "A123456789012", no, new Session(DateOnly.FromDateTime(made.UtcDateTime), SessionPart.AM), "/", MarkSource.Import,
        "MIS import", "Import", made, null, null, null, null, null, null);

    /// <summary>The messages a logger was given, formatted.</summary>
    private sealed class LogRecorder : ILogger<RetentionJob>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
