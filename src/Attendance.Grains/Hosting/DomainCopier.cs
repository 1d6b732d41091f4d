using Attendance.Domain;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;

namespace Attendance.Grains.Hosting;

/// <summary>
/// Orleans copies the arguments and results of calls between grains of one silo so that neither side can change
/// the other's objects. The domain's records are immutable, so that copy protects nothing; without this copier it
/// goes through the JSON codec (serialize and parse) on every call, which the storm's CPU profile showed as one of
/// the largest costs of a mark. The mutable domain classes never cross a grain call and keep being copied.
/// </summary>
public sealed class DomainCopier : IGeneralizedCopier, IOptionalDeepCopier
{
    private static readonly Type[] Mutable = [typeof(PupilRegister), typeof(SessionMarks), typeof(AttendanceTally)];

    public bool IsSupportedType(Type type) => IsImmutable(type);

    public bool IsShallowCopyable() => true;

    public object? DeepCopy(object? input, CopyContext context) => input;

    /// <summary>
    /// The domain's records, structs and enums (and its calendar), none of which is changed once made. Arrays of them
    /// share the namespace but can be changed, so Orleans still copies those (element by element, uncopied).
    /// </summary>
    public static bool IsImmutable(Type type) =>
        type.Namespace == typeof(Session).Namespace && !type.IsArray && !type.IsAbstract && !Mutable.Contains(type);
}
