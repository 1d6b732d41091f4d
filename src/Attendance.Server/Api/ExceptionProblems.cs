using System.Globalization;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Attendance.Server.Api;

/// <summary>
/// Exceptions that are answers, not faults, as problems of our own type instead of a 500:
/// <list type="bullet">
/// <item>a body that is not valid JSON, or has values of the wrong type, is the client's mistake: 400 with what was wrong;</item>
/// <item>the journal writer was full, so the mark was not taken: 503 with <c>Retry-After</c>, instead of a wait that
/// grows without bound. Nothing was recorded, so sending it again is safe.</item>
/// </list>
/// </summary>
public sealed class ExceptionProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // A body refused for its size or media type gets its type from StatusProblems, like the framework's own refusals.
        (int Status, string Title, string Detail, string? Type)? problem = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request body could not be read", bad.InnerException?.Message ?? bad.Message,
                bad.StatusCode == StatusCodes.Status400BadRequest ? "malformed-request" : null),
            RegisterBusyException busy => (StatusCodes.Status503ServiceUnavailable, "The register is busy", busy.Message, "register-busy"),
            _ => null,
        };
        if (problem is not { } found)
        {
            return false;
        }

        var (status, title, detail, type) = found;

        if (exception is RegisterBusyException { RetryAfter: var retryAfter })
        {
            context.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = type is null ? null : $"urn:attendance:problem:{type}" },
        });
    }
}
