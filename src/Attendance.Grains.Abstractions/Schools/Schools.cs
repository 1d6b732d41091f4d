using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

[GenerateSerializer, Immutable]
public sealed record SchoolListing(string SchoolId, string Name);
