using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A pupil the roster brings onto the roll, with their starting day.</summary>
[GenerateSerializer, Immutable]
public sealed record NewAdmission(string Upn, DateOnly StartingDay);
