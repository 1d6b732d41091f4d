using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

[GenerateSerializer, Immutable]
public sealed record SchoolListing(string SchoolId, string Name);

[GenerateSerializer, Immutable]
public sealed record RosterImportOutcome(RosterImportResult? Result, IReadOnlyList<string> Problems);

[GenerateSerializer, Immutable]
public sealed record RosterPreviewOutcome(RosterPreview? Preview, IReadOnlyList<string> Problems);
