using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// The attendance policy a school's pupils are judged by: the school's own or the trust's. <see cref="Version"/>
/// changes whenever the policy or the school's calendar does, so pupils know when to read it again.
/// </summary>
/// <param name="YearSessions">Sessions in the school's year (its calendar), for the year-end projection.</param>
[GenerateSerializer, Immutable]
public sealed record PolicyInForce(long Version, AttendancePolicy Policy, bool SetBySchool, int YearSessions);
