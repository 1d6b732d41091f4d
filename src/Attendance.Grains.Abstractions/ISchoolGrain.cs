using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A school: its settings, its calendar and its roster (which class each pupil is registered in).</summary>
public interface ISchoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the school or changes its settings. Returns the problems found; none means saved.</summary>
    Task<IReadOnlyList<string>> Configure(SchoolSettings settings);

    [ReadOnly]
    Task<SchoolSettings?> GetSettings();

    /// <summary>Adds or updates classes and pupils. Refused whole, with the problems, if any row is invalid.</summary>
    Task<RosterImportOutcome> ImportRoster(Roster roster);

    [ReadOnly]
    Task<IReadOnlyList<RegistrationGroup>> GetClasses();

    /// <summary>The class a pupil is registered in, or null if the pupil is not on roll here.</summary>
    [ReadOnly]
    Task<string?> FindClassOf(string upn);

    /// <summary>Every class's register status for the current (or most recent) session today.</summary>
    Task<SchoolStatus?> GetLiveStatus();
}

[GenerateSerializer, Immutable]
public sealed record RosterImportOutcome(RosterImportResult? Result, IReadOnlyList<string> Problems);
