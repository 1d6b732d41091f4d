namespace Attendance.Domain;

/// <summary>
/// What a parent may send the school as evidence for an absence (an appointment card's photo, a hospital letter): a
/// JPEG or PNG picture or a PDF, known by its first bytes (what a file says it is proves nothing), at most
/// <see cref="MostPerReport"/> to a report.
/// </summary>
public static class Evidence
{
    public const int MostPerReport = 5;

    /// <summary>The types taken, and how the file's first bytes show each.</summary>
    private static readonly (string ContentType, string Extension, byte[] Signature)[] Kinds =
    [
        ("image/jpeg", "jpg", [0xFF, 0xD8, 0xFF]),
        ("image/png", "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("application/pdf", "pdf", "%PDF-"u8.ToArray()),
    ];

    /// <summary>The words for what is taken, for refusals.</summary>
    public const string Taken = "a photo (JPEG or PNG) or a PDF";

    /// <summary>The content type and file extension of a file with these first bytes, or null when it is none of those taken.</summary>
    public static (string ContentType, string Extension)? KindOf(ReadOnlySpan<byte> content)
    {
        foreach (var (type, extension, signature) in Kinds)
        {
            if (content.StartsWith(signature))
            {
                return (type, extension);
            }
        }

        return null;
    }
}
