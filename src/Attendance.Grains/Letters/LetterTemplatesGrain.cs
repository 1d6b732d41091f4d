using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Letters;

[GenerateSerializer]
public sealed class LetterTemplatesState
{
    [Id(0)] public Dictionary<string, LetterTemplate> Templates { get; set; } = [];
}

public sealed class LetterTemplatesGrain(
    [PersistentState("letter-templates", StorageNames.Attendance)] IPersistentState<LetterTemplatesState> state) : Grain, ILetterTemplatesGrain
{
    public Task<IReadOnlyList<LetterTemplate>> GetOwn() =>
        Task.FromResult<IReadOnlyList<LetterTemplate>>([.. state.State.Templates.Values.OrderBy(t => t.Key, StringComparer.Ordinal)]);

    public async Task<Outcome> Set(LetterTemplate template)
    {
        if (Rejection.Of(RejectionReason.InvalidTemplate, [.. Templates.Check(template)]) is { } invalid)
        {
            return invalid;
        }

        state.State.Templates[template.Key] = template;
        await state.WriteStateAsync();
        return Outcome.Done;
    }

    public async Task<bool> Remove(string key)
    {
        if (!state.State.Templates.Remove(key))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}

[GenerateSerializer]
public sealed class LetterBookState
{
    [Id(0)] public List<SentLetter> Letters { get; set; } = [];
}

[SchoolPlacement]
public sealed class LetterBookGrain([PersistentState("letters", StorageNames.Attendance)] IPersistentState<LetterBookState> state) : Grain, ILetterBookGrain
{
    public async Task Record(IReadOnlyList<SentLetter> letters)
    {
        state.State.Letters.AddRange(letters);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SentLetter>> List(string? upn = null) =>
        Task.FromResult<IReadOnlyList<SentLetter>>([.. state.State.Letters.Where(l => upn is null || l.Upn == upn).OrderByDescending(l => l.At)]);
}
