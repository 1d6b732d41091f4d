using Attendance.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Http;

/// <summary>An academic year asked for in a query string, as schools write it (2025/26).</summary>
public static class AcademicYearQuery
{
    /// <summary>Null when absent (this year), the year, or a 400 problem when the text is not a year.</summary>
    public static ProblemHttpResult? Read(string? text, out AcademicYear? year)
    {
        year = null;
        if (text is null)
        {
            return null;
        }

        if (!AcademicYear.TryParse(text, out var parsed))
        {
            return Problems.Invalid($"'{text}' is not an academic year: write it as 2025/26.", "year");
        }

        year = parsed;
        return null;
    }
}
