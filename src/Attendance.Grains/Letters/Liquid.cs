using Fluid;

namespace Attendance.Grains;

/// <summary>Liquid templates (Fluid) for the wording of messages and letters: merge fields only, values as given.</summary>
public static class Liquid
{
    private static readonly FluidParser Parser = new();

    /// <summary>Why the text is not a template that can be merged, or null when it is.</summary>
    public static string? Problem(string text) => Parser.TryParse(text, out _, out var error) ? null : error;

    public static string Render(string template, IReadOnlyDictionary<string, string> fields)
    {
        var context = new TemplateContext();
        foreach (var (name, value) in fields)
        {
            context.SetValue(name, value);
        }

        return Parser.Parse(template).Render(context);
    }
}
