using UglyToad.PdfPig;

namespace Attendance.Server.Tests;

/// <summary>A PDF answer read back with PdfPig, each page as running text (lines and wrapped lines joined by spaces).</summary>
public static class PdfText
{
    public static async Task<IReadOnlyList<string>> Pages(HttpResponseMessage response)
    {
        await SchoolApi.EnsureSuccess(response);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return [.. pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))];
    }
}
