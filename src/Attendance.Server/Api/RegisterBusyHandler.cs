using System.Globalization;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Attendance.Server.Api;

/// <summary>
/// The journal writer was full, so the mark was not taken: 503 with <c>Retry-After</c>, a problem of our own type,
/// instead of a 500 or a wait that grows without bound. Nothing was recorded, so sending it again is safe.
/// </summary>
public sealed class RegisterBusyHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RegisterBusyException busy)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(busy.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The register is busy",
                Detail = busy.Message,
                Type = "urn:attendance:problem:register-busy",
            },
        });
    }
}
