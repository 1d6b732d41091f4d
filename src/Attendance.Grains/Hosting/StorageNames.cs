namespace Attendance.Grains.Hosting;

public static class StorageNames
{
    /// <summary>The grain storage provider holding schools, classes and pupils.</summary>
    public const string Attendance = "attendance";
}
