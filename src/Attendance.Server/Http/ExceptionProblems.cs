using System.Globalization;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using Attendance.Grains.Letters;

namespace Attendance.Server.Http;

/// <summary>
/// Exceptions that are answers, not faults, as problems of our own type instead of a 500:
/// <list type="bullet">
/// <item>a body that is not valid JSON, or has values of the wrong type, is the client's mistake: 400 with what was wrong;</item>
/// <item>the journal writer was full, or the database did not take the mark or answer in time: 503 with
/// <c>Retry-After</c>, instead of a wait that grows without bound or a bare 500. Nothing was recorded, so sending it
/// again is safe.</item>
/// </list>
/// The database's own words never reach a client (they name tables, roles, hosts and ports): the log has them, and the
/// answer's <c>traceId</c> finds them there. Any other database error is a fault, answered as the framework's 500.
/// </summary>
public sealed class ExceptionProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a database that is down, restarting or not answering in time is behind the exception (Orleans' storage
    /// and Npgsql wrap it in their own): a reason to try again, not a fault.
    /// </summary>
    private static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // A body refused for its size or media type gets its type from StatusProblems, like the framework's own refusals.
        (int Status, string Title, string Detail, string? Type)? problem = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request body could not be read", bad.InnerException?.Message ?? bad.Message,
                bad.StatusCode == StatusCodes.Status400BadRequest ? "malformed-request" : null),
            RegisterBusyException busy => (StatusCodes.Status503ServiceUnavailable, "The register is busy", busy.Message, "register-busy"),
            RegisterUnavailableException down => (StatusCodes.Status503ServiceUnavailable, "The register's database is not answering", down.Message, "register-unavailable"),
            Grains.Letters.TemplateRefusedException template => (StatusCodes.Status422UnprocessableEntity, "The letter's template cannot be used",
                $"{template.Message} Nothing was printed or sent: correct the template (Letters, templates) and try again.", "template-refused"),
            _ when DatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is not answering",
                "The service could not reach its database in time. Nothing was changed: try again shortly.", "database-unavailable"),
            _ => null,
        };
        if (problem is not { } found)
        {
            return false;
        }

        var (status, title, detail, type) = found;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            var retryAfter = (exception as RetryLaterException)?.RetryAfter ?? DatabaseRetryAfter;
            context.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = type is null ? null : Problems.Type(type) },
        });
    }
}
