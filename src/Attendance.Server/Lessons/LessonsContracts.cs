using System.Text.Json.Serialization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Lessons;

/// <summary>One pupil's mark in a lesson register as sent: present, late (with minutes) or absent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LessonMarkRequest(string? Upn, LessonPresence? Presence, int? MinutesLate = null);

/// <summary>A lesson register: a mark for every pupil of the group (the teacher is the signed-in user).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LessonRegisterRequest(IReadOnlyList<LessonMarkRequest?>? Marks);

/// <summary>A covering teacher (staff code) or another room for one lesson on one day, and why.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LessonChangeRequest(string? Teacher, string? Room, string? Reason);

/// <summary>One of the day's lessons on "My registers": its register's state, and whether it is overdue.</summary>
public sealed record LessonToday(ScheduledLesson Lesson, RegisterState State, bool Overdue, int Pupils, int Absent);

/// <summary>The day's lessons the user teaches (a teacher, cover included) or all of them (the office and leaders).</summary>
/// <param name="Now">The school's local time, so a device with a wrong clock still shows which lesson is under way.</param>
public sealed record TodaysLessons(string SchoolId, string SchoolName, DateOnly Date, DateTime Now, string? StaffCode, IReadOnlyList<LessonToday> Lessons);

/// <summary>One line of a lesson report as a reader may see it: the counts, or for a group too small to show outside the school, nothing.</summary>
public sealed record LessonReportLine(string Key, int? Pupils, int? Marks, int? Present, int? Late, int? Absent, int? Truancy, decimal? AttendancePercent, bool Suppressed)
{
    public static LessonReportLine Shown(LessonReportRow row) =>
        new(row.Key, row.Pupils, row.Marks, row.Present, row.Late, row.Absent, row.Truancy, row.AttendancePercent, Suppressed: false);

    public static LessonReportLine Hidden(LessonReportRow row) => new(row.Key, null, null, null, null, null, null, null, Suppressed: true);
}

/// <summary>Lesson attendance over a range of school days, grouped as asked, with the filter applied.</summary>
/// <param name="MinimumGroupSize">Outside the school, lines about fewer pupils than this are not shown.</param>
public sealed record LessonReportView(
    string SchoolId, string SchoolName, DateOnly From, DateOnly To, LessonReportBy By, LessonReportFilter Filter, int MinimumGroupSize, IReadOnlyList<LessonReportLine> Lines);

/// <summary>The lesson register screen's first paint: the register, and the school's time (a late pupil's minutes start from it).</summary>
public sealed record LessonSheet(LessonRegister Register, DateTime Now);

/// <summary>One of a pupil's lessons today, and their mark in it (null until its register is taken).</summary>
public sealed record PupilLessonToday(ScheduledLesson Lesson, LessonMark? Mark);

/// <summary>Where a pupil should be at a time (the timetable), what that lesson's register says, and their lessons today.</summary>
public sealed record PupilWhereabouts(string Upn, DateOnly Date, TimeOnly Time, ScheduledLesson? Lesson, LessonMark? Mark, IReadOnlyList<PupilLessonToday> Today);
