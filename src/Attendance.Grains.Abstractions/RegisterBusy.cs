namespace Attendance.Grains.Abstractions;

/// <summary>
/// The silo's journal writer has as many marks waiting as it may hold: this one was not taken, and nothing changed.
/// It crosses grain calls to the API, which answers 503 with <c>Retry-After</c> instead of letting the wait grow.
/// </summary>
[GenerateSerializer]
public sealed class RegisterBusyException : Exception
{
    public RegisterBusyException()
    {
    }

    public RegisterBusyException(string message)
        : base(message)
    {
    }

    public RegisterBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public RegisterBusyException(string message, TimeSpan retryAfter)
        : base(message) => RetryAfter = retryAfter;

    /// <summary>When the caller should send it again.</summary>
    [Id(0)]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
