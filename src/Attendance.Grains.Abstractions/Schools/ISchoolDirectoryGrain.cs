using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>The schools of this deployment (a trust), for the trust view.</summary>
public interface ISchoolDirectoryGrain : IGrainWithStringKey
{
    public const string Key = SchoolIds.Trust;

    Task Register(SchoolListing school);

    [ReadOnly]
    Task<IReadOnlyList<SchoolListing>> GetSchools();
}
