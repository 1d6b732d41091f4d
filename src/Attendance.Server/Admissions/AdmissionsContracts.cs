using System.Text.Json.Serialization;
using Attendance.Domain;

namespace Attendance.Server.Admissions;

/// <summary>The deletion of a pupil's name: their last day on roll and one of regulation 9(1)'s grounds.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeletionRequest(DateOnly? LastDayOnRoll, DeletionGround? Ground, string? Note);

/// <summary>A pupil known to the school coming back onto the roll.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReadmissionRequest(DateOnly? StartingDay, string? Note);

/// <summary>A line of the admission register as the office reads it: with the pupil's name and the ground's regulation.</summary>
public sealed record AdmissionLine(string Upn, string? LegalName, AdmissionEntryKind Kind, DateOnly On, DeletionGround? Ground, string? Regulation, string? Note, Staff By, DateTimeOffset At);
