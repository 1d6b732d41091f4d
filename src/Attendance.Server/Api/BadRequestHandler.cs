using Microsoft.AspNetCore.Diagnostics;

namespace Attendance.Server.Api;

/// <summary>
/// A body that is not valid JSON, or has values of the wrong type, is the client's mistake: answer 400 with what
/// was wrong instead of a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request body could not be read",
                Detail = bad.InnerException?.Message ?? bad.Message,
                Type = "urn:attendance:problem:malformed-request",
            },
        });
    }
}
