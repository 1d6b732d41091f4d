namespace Attendance.Grains.Abstractions;

/// <summary>
/// A mark the register could not take just now, with nothing changed: it crosses grain calls to the API, which
/// answers 503 with <c>Retry-After</c>, so the client sends it again rather than waiting without bound.
/// </summary>
[GenerateSerializer]
public abstract class RetryLaterException : Exception
{
    protected RetryLaterException()
    {
    }

    protected RetryLaterException(string message, TimeSpan retryAfter, Exception? inner = null)
        : base(message, inner) => RetryAfter = retryAfter;

    /// <summary>When the caller should send it again.</summary>
    [Id(0)]
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>The silo's journal writer has as many marks waiting as it may hold: this one was not taken.</summary>
[GenerateSerializer]
public sealed class RegisterBusyException : RetryLaterException
{
    public RegisterBusyException()
    {
    }

    public RegisterBusyException(string message, TimeSpan retryAfter)
        : base(message, retryAfter)
    {
    }
}

/// <summary>The register's database did not take the mark (it is down, restarting or not answering): not recorded.</summary>
[GenerateSerializer]
public sealed class RegisterUnavailableException : RetryLaterException
{
    public RegisterUnavailableException()
    {
    }

    public RegisterUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null)
        : base(message, retryAfter, inner)
    {
    }
}
