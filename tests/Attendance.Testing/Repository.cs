namespace Attendance.Testing;

/// <summary>The repository the tests were built from, found above their output folder.</summary>
public static class Repository
{
    /// <summary>The full path of a file given relative to the repository's root (e.g. <c>docs/API.md</c>).</summary>
    public static string File(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, relativePath);
            if (System.IO.File.Exists(file))
            {
                return file;
            }
        }

        throw new FileNotFoundException($"{relativePath} was not found above {AppContext.BaseDirectory}");
    }
}
