using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A year of attendance at a previous school, brought by a Common Transfer File, and who imported it.</summary>
[GenerateSerializer, Immutable]
public sealed record TransferredYear([property: Id(0)] CtfYear Attendance, [property: Id(1)] string ImportedBy, [property: Id(2)] DateTimeOffset ImportedAt);

/// <summary>A leaving pupil's Common Transfer File as it is sent: its file name and its XML.</summary>
[GenerateSerializer, Immutable]
public sealed record CtfFile([property: Id(0)] string FileName, [property: Id(1)] string Xml);
