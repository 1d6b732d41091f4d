namespace Attendance.Domain;

/// <summary>A national attendance code with its meaning and statistical category.</summary>
public sealed record AttendanceCode(string Code, string Meaning, AttendanceCategory Category)
{
    public override string ToString() => Code;
}
