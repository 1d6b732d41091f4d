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

    /// <summary>
    /// A horizontal bar chart of percentages, each bar labelled and its value written beside it (so the chart reads
    /// in black and white, and to a screen reader as text), with an optional reference line (a target). The scale
    /// starts at the tens below the lowest value, less a margin, so 92% and 96% do not look the same; it says so.
    /// </summary>
    public void BarChart(IReadOnlyList<(string Label, decimal? Percent)> bars, decimal? reference = null, string referenceLabel = "")
    {
        const double row = 14, barHeight = 9, labelWidth = 150, valueWidth = 40, size = 9;
        var values = bars.Select(b => b.Percent).OfType<decimal>().Append(reference ?? 100m).ToList();
        var floor = Math.Max(0, Math.Floor((values.Min() - 5) / 10) * 10);
        var needed = row * (bars.Count + 2);
        if (page is null || y - needed < Margin)
        {
            NewPage();
        }

        var left = Margin + labelWidth;
        var width = Right - left - valueWidth;
        double X(decimal percent) => left + (double)((percent - floor) / (100 - floor)) * width;
        var top = y;
        foreach (var (label, percent) in bars)
        {
            y -= row;
            page!.AddText(Fit(label, labelWidth - 6, size), size, new PdfPoint(Margin, y + 1), regular);
            if (percent is { } value)
            {
                page.SetTextAndFillColor(29, 112, 184); // GOV.UK blue, dark enough on white
                page.DrawRectangle(new PdfPoint(left, y), Math.Max(1, X(value) - left), barHeight, 0, fill: true);
                page.ResetColor();
            }

            page.AddText(percent is { } shown ? $"{shown:0.0}%" : "–", size, new PdfPoint(Right - valueWidth + 6, y + 1), regular); // a column of its own: no line crosses it
        }

        if (reference is { } line)
        {
            page!.DrawLine(new PdfPoint(X(line), y - 2), new PdfPoint(X(line), top + 2), 1);
            page.AddText($"{referenceLabel} {line:0.0}%", size, new PdfPoint(X(line) - 20, top + 4), regular);
        }

        y -= row;
        page!.AddText($"Scale from {floor:0}% to 100%.", size - 1, new PdfPoint(left, y), regular);
        y -= row * 0.6;
    }

    public byte[] Build() => builder.Build();

    /// <summary>The text cut with "…" to fit a width (a long group name).</summary>
    private string Fit(string text, double width, double size)
    {
        var line = Printable(text);
        while (line.Length > 1 && Width(line, size, regular) > width)
        {
            line = line[..^2] + "…";
        }

        return line;
    }

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
