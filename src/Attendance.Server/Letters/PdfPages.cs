using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Attendance.Server.Letters;

/// <summary>
/// A4 pages of text for letters and certificates, written with PdfPig in the PDF standard fonts (Helvetica, Courier):
/// nothing to install on a server, and every PDF reader has them. Paragraphs wrap at the margins and flow onto new
/// pages.
/// </summary>
public sealed class PdfPages
{
    private const double Margin = 56.7; // 2 cm
    private const double Right = 595.28 - Margin; // A4 is 595.28 x 841.89 points
    private const double Top = 841.89 - Margin;

    private readonly PdfDocumentBuilder builder = new();
    private readonly PdfDocumentBuilder.AddedFont regular;
    private readonly PdfDocumentBuilder.AddedFont bold;
    private readonly PdfDocumentBuilder.AddedFont fixedWidth;
    private PdfPageBuilder? page;
    private double y;

    public PdfPages()
    {
        regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        fixedWidth = builder.AddStandard14Font(Standard14Font.Courier);
    }

    public void NewPage()
    {
        page = builder.AddPage(PageSize.A4);
        y = Top;
    }

    /// <summary>A line at the right margin (the school's name, the date).</summary>
    public void RightAligned(string text, double size = 10)
    {
        var line = Printable(text);
        Line(size);
        page!.AddText(line, size, new PdfPoint(Right - Width(line, size, regular), y), regular);
    }

    /// <summary>A paragraph, wrapped at the margins, then a blank line.</summary>
    public void Paragraph(string text, double size = 11, bool strong = false)
    {
        var font = strong ? bold : regular;
        foreach (var source in text.Split('\n'))
        {
            var line = "";
            foreach (var word in Printable(source).Split(' '))
            {
                var longer = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && Width(longer, size, font) > Right - Margin)
                {
                    Write(line, size, font);
                    line = word;
                }
                else
                {
                    line = longer;
                }
            }

            Write(line, size, font);
        }

        y -= size * 0.6;
    }

    /// <summary>Lines in a fixed-width font, for a grid of codes.</summary>
    public void Grid(IEnumerable<string> lines, double size = 8.5)
    {
        foreach (var line in lines)
        {
            Write(Printable(line), size, fixedWidth);
        }
    }

    public byte[] Build() => builder.Build();

    private void Write(string line, double size, PdfDocumentBuilder.AddedFont font)
    {
        Line(size);
        page!.AddText(line, size, new PdfPoint(Margin, y), font);
    }

    /// <summary>Moves down one line, onto a new page when this one is full.</summary>
    private void Line(double size)
    {
        if (page is null || y - size * 1.35 < Margin)
        {
            NewPage();
        }

        y -= size * 1.35;
    }

    private double Width(string text, double size, PdfDocumentBuilder.AddedFont font)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var letters = (page ?? throw new InvalidOperationException("Start a page first.")).MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    /// <summary>The standard fonts cover Western European text: anything else (an emoji, another script) prints as '?'.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Replace('\t', ' ').Where(c => c != '\r').Select(c => c is >= ' ' and <= '~' or >= '\u00a0' and <= '\u00ff' or '‘' or '’' or '“' or '”' or '–' or '—' or '…' or '€' or '•' ? c : '?'));
}
