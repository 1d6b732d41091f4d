namespace Attendance.Grains.Abstractions;

/// <summary>
/// Grain keys. A school is keyed by its own id (e.g. its URN); classes and pupils by school and their id within it,
/// because a dual-registered pupil has a register at each school.
/// </summary>
public static class GrainKeys
{
    public static string Class(string schoolId, string classId) => $"{schoolId}/{classId}";

    public static string Pupil(string schoolId, string upn) => $"{schoolId}/{upn}";

    /// <summary>The school and the class or pupil of a class or pupil grain's key.</summary>
    public static (string SchoolId, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    public static IClassGrain GetClass(this IGrainFactory grains, string schoolId, string classId) =>
        grains.GetGrain<IClassGrain>(Class(schoolId, classId));

    public static IPupilGrain GetPupil(this IGrainFactory grains, string schoolId, string upn) =>
        grains.GetGrain<IPupilGrain>(Pupil(schoolId, upn));

    /// <summary>A lesson's register on a day: <c>{school}/{date}/{lesson}</c> (a lesson id may itself contain '/').</summary>
    public static string LessonRegister(string schoolId, DateOnly date, string lessonId) => $"{schoolId}/{date:yyyy-MM-dd}/{lessonId}";

    /// <summary>The school, day and lesson of a lesson register's key.</summary>
    public static (string SchoolId, DateOnly Date, string LessonId) SplitLessonRegister(string key)
    {
        var (schoolId, rest) = Split(key);
        return (schoolId, DateOnly.ParseExact(rest[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rest[11..]);
    }

    /// <summary>A school's lesson registers of one day, for reports: <c>{school}/{date}</c>.</summary>
    public static string LessonDay(string schoolId, DateOnly date) => $"{schoolId}/{date:yyyy-MM-dd}";

    public static ILessonRegisterGrain GetLessonRegister(this IGrainFactory grains, string schoolId, DateOnly date, string lessonId) =>
        grains.GetGrain<ILessonRegisterGrain>(LessonRegister(schoolId, date, lessonId));

    public static IPupilLessonsGrain GetPupilLessons(this IGrainFactory grains, string schoolId, string upn) =>
        grains.GetGrain<IPupilLessonsGrain>(Pupil(schoolId, upn));

    /// <summary>One of a school's roll calls: <c>{school}/{id}</c>.</summary>
    public static IRollCallGrain GetRollCall(this IGrainFactory grains, string schoolId, string rollCallId) =>
        grains.GetGrain<IRollCallGrain>($"{schoolId}/{rollCallId}");

    /// <summary>A parent account, by e-mail address (compared without case).</summary>
    public static IParentGrain GetParent(this IGrainFactory grains, string email) =>
        grains.GetGrain<IParentGrain>(email.Trim().ToLowerInvariant());
}
