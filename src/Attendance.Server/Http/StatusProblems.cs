namespace Attendance.Server.Http;

/// <summary>
/// Problems the framework writes by itself (sign-in, access, body size, rate limit) get the same kind of type and a detail
/// that says what to do, like the service's own.
/// </summary>
public static class StatusProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        (string Type, string Title, string Detail)? known = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("sign-in-required", "Sign in required",
                "Send a bearer token from the trust's identity provider (or the development sign-in) in the Authorization header."),
            StatusCodes.Status403Forbidden => ("forbidden", "Not allowed for your role",
                "Your role and the schools, classes or provisions it covers do not include this. Nothing was changed."),
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body is too large",
                "The body is larger than this endpoint accepts (Limits:MaxBodyBytes, Limits:MaxRosterBytes, Limits:MaxHistoryBytes). Nothing was recorded."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Send the body as JSON",
                $"This endpoint reads application/json (a roster also text/csv), not '{context.HttpContext.Request.ContentType}'. Set the Content-Type header; nothing was recorded."),
            StatusCodes.Status429TooManyRequests => ("too-many-requests", "Too many arrivals at once",
                "This school's gate sent more arrivals than it may (Limits:GateArrivalsPerSecond, Limits:GateBurst). Retry after a second; nothing was recorded."),
            _ => null,
        };
        // A problem of ours (e.g. a parent's "not your child") keeps its own type and detail.
        if (known is { } k && problem.Type?.StartsWith("urn:attendance:", StringComparison.Ordinal) != true)
        {
            problem.Type = Problems.Type(k.Type);
            problem.Title = k.Title;
            problem.Detail ??= k.Detail;
        }
    }
}
