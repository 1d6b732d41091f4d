namespace Attendance.Grains.Abstractions;

/// <summary>A school's record of the statutory extracts taken from it (personal data leaving the school).</summary>
public interface IExtractLogGrain : IGrainWithStringKey
{
    Task Record(ExtractRecord extract);

    [ReadOnly]
    Task<IReadOnlyList<ExtractRecord>> List();
}
