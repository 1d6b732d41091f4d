using Fluid;
using Fluid.Ast;

namespace Attendance.Grains.Letters;

/// <summary>
/// The wording of messages and letters: Liquid templates (Fluid) of text and merge fields (<c>{{ PrefFirstName }}</c>,
/// optionally through a text filter such as <c>upcase</c>), nothing else. No tags (<c>{% for %}</c>, <c>{% assign %}</c>),
/// ranges or expressions: a template is then rendered in one pass over its text, so its cost is bounded by its length
/// and what a hostile template could do is nothing (Fluid 2 bounds neither a range's size nor its output). Templates
/// are checked when saved, with a test render, and again before each render (one saved by an earlier version).
/// </summary>
public static class Liquid
{
    /// <summary>The longest template: a letter of several pages is about 5,000 characters.</summary>
    public const int MaxTemplateLength = 20_000;

    /// <summary>The longest text a render may produce (merge fields are names, dates and short lists).</summary>
    public const int MaxOutputLength = 100_000;

    private static readonly FluidParser Parser = new();

    // A backstop only: a template of text and fields takes one step per statement.
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 4 };

    private static readonly HashSet<string> TextFilters = ["upcase", "downcase", "capitalize", "strip", "default"];

    /// <summary>Why the text is not a template that can be merged, or null when it is.</summary>
    /// <param name="fields">The merge fields it may use; every other name is refused (a typo would print nothing).</param>
    public static string? Problem(string text, IReadOnlySet<string> fields)
    {
        if (text.Length > MaxTemplateLength)
        {
            return $"it is {text.Length:N0} characters long; a template may have at most {MaxTemplateLength:N0}.";
        }

        if (!Parser.TryParse(text, out var template, out var error))
        {
            return error;
        }

        foreach (var statement in ((IStatementList)template).Statements)
        {
            if (statement is TextSpanStatement or CommentStatement)
            {
                continue;
            }

            if (statement is not OutputStatement { Expression: var expression } || FieldOf(expression) is not { } field)
            {
                return "only text and merge fields such as {{ PrefFirstName }} are allowed: no tags ({% ... %}), ranges or expressions.";
            }

            if (!fields.Contains(field))
            {
                return $"'{field}' is not a merge field: use {string.Join(", ", fields.Order(StringComparer.Ordinal))}.";
            }
        }

        return TestRender(text, fields);
    }

    /// <summary>Merges the fields into a template that <see cref="Problem"/> accepts; any other template is refused.</summary>
    /// <exception cref="TemplateRefusedException">The template is not text and merge fields, or renders too much.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> fields)
    {
        if (Problem(template, fields.Keys.ToHashSet()) is { } problem)
        {
            throw new TemplateRefusedException(problem);
        }

        return Merge(template, fields);
    }

    private static string Merge(string template, IReadOnlyDictionary<string, string> fields)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in fields)
        {
            context.SetValue(name, value);
        }

        var text = Parser.Parse(template).Render(context);
        return text.Length <= MaxOutputLength
            ? text
            : throw new TemplateRefusedException($"it renders {text.Length:N0} characters; a letter or message may have at most {MaxOutputLength:N0}.");
    }

    /// <summary>A render with every field filled with a long sample value: what will be printed fits.</summary>
    private static string? TestRender(string text, IReadOnlySet<string> fields)
    {
        try
        {
            Merge(text, fields.ToDictionary(f => f, _ => new string('x', 200)));
            return null;
        }
        catch (Exception ex) when (ex is TemplateRefusedException or InvalidOperationException or ArgumentException)
        {
            return ex.Message;
        }
    }

    /// <summary>The merge field an output names (a plain name, possibly through text filters with literal arguments), or null.</summary>
    private static string? FieldOf(Expression expression) => expression switch
    {
        MemberExpression { Segments: [IdentifierSegment identifier] } => identifier.Identifier,
        FilterExpression filter when TextFilters.Contains(filter.Name) && filter.Parameters.All(p => p.Expression is LiteralExpression) => FieldOf(filter.Input),
        _ => null,
    };
}

/// <summary>A template that is not text and merge fields, or would render too much: nothing is printed or sent.</summary>
public sealed class TemplateRefusedException(string problem) : InvalidOperationException($"The template cannot be used: {problem}");
