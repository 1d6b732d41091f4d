using Attendance.Domain;

namespace Attendance.Grains.Tests;

/// <summary>
/// The silo's legal register, which a test can make stop dead before its next write: the grain state is stored, the
/// line is not, and the test kills the silo there.
/// </summary>
public sealed class CrashPoint(ILegalRegister inner) : ILegalRegister
{
    private static TaskCompletionSource? reached;

    /// <summary>Arms the crash point; the task completes when a write has stopped at it.</summary>
    public static Task Arm()
    {
        reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return reached.Task;
    }

    public static void Disarm() => reached = null;

    public async Task Append(IReadOnlyList<LegalRegisterLine> lines, CancellationToken cancellationToken = default)
    {
        if (reached is { } armed)
        {
            armed.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await inner.Append(lines, cancellationToken);
    }

    public Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        inner.Read(schoolId, from, to, cancellationToken);

    public Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default) =>
        inner.History(schoolId, upn, session, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default) =>
        inner.Purge(madeBefore, cancellationToken);
}
