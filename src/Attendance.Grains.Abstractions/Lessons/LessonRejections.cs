namespace Attendance.Grains.Abstractions;

/// <summary>The refusal for a lesson not taught on a day, wherever it is found (the register, the timetable, the API).</summary>
public static class LessonRejections
{
    public static Rejection NotTaught(DateOnly date, string lessonId) => new(RejectionReason.UnknownLesson,
        $"Lesson '{lessonId}' is not taught on {date:dddd d MMMM yyyy}: the timetable has no such lesson that day, or the school is closed.", [lessonId]);
}
