using System.Diagnostics;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using Attendance.Grains.Letters;

namespace Attendance.Grains.Tests;

/// <summary>
/// Letters and messages home are templates a school's staff write: text and merge fields only. A hostile or careless
/// template (a loop over a huge range, growing text, an unknown field, a page of fields) is refused when saved, and a
/// render never does unbounded work, even for a template saved before these checks.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LiquidTests
{
    public static TheoryData<string> Hostile => new()
    {
        "{% for i in (1..100000000) %}x{% endfor %}",
        "{% assign s = 'x' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
        "{% if PrefFirstName %}Dear {{ PrefFirstName }}{% endif %}",
        "{{ (1..100000000) | join: ',' }}",
        "{% include 'other' %}",
        "{{ PrefFirstName | append: PrefFirstName }}",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_template_with_tags_ranges_or_expressions_is_refused_when_saved_and_never_rendered(string template)
    {
        var clock = Stopwatch.StartNew();
        var problem = Liquid.Problem(template, LetterTemplate.MergeFields);
        Assert.NotNull(problem);
        Assert.Contains("only text and merge fields", problem);
        Assert.Throws<TemplateRefusedException>(() => Liquid.Render(template, new Dictionary<string, string> { ["PrefFirstName"] = "Maja" }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_merge_field_that_does_not_exist_is_refused_naming_the_fields_there_are()
    {
        var problem = Liquid.Problem("Dear {{ ParentNmae }},", LetterTemplate.MergeFields);
        Assert.Contains("'ParentNmae' is not a merge field", problem);
        Assert.Contains("ParentName", problem);
    }

    [Fact]
    public void Text_merge_fields_and_text_filters_are_a_template()
    {
        Assert.Null(Liquid.Problem(FamilyRules.DefaultFirstDayWording, FamilyRules.FirstDayFields));
        Assert.Null(Liquid.Problem("Dear {{ ParentName | upcase }}, {{ PrefFirstName | default: 'your child' }} {% comment %}note{% endcomment %}", LetterTemplate.MergeFields));
        Assert.Equal("Dear JO, Maja", Liquid.Render("Dear {{ ParentName | upcase }}, {{ PrefFirstName }}", new Dictionary<string, string> { ["ParentName"] = "Jo", ["PrefFirstName"] = "Maja" }));
    }

    [Fact]
    public void A_template_or_its_text_beyond_the_limits_is_refused()
    {
        Assert.Contains("at most 20,000", Liquid.Problem(new string('x', Liquid.MaxTemplateLength + 1), LetterTemplate.MergeFields));
        Assert.Null(Liquid.Problem(new string('x', Liquid.MaxTemplateLength), LetterTemplate.MergeFields));

        // Within the length, but a field repeated until the letter would run to pages: refused when saved...
        var repeated = string.Concat(Enumerable.Repeat("{{ UnexplainedSessions }}", 600));
        Assert.Contains("renders", Liquid.Problem(repeated, LetterTemplate.MergeFields));

        // ...and at render time with a long value.
        var fields = new Dictionary<string, string> { ["UnexplainedSessions"] = new('x', 1_000) };
        Assert.Throws<TemplateRefusedException>(() => Liquid.Render(string.Concat(Enumerable.Repeat("{{ UnexplainedSessions }}", 101)), fields));
    }
}
