namespace Attendance.Testing;

/// <summary>
/// Each test class's category (the trait <c>Category</c>), so the fast ones can be run alone while working:
/// <c>dotnet test --filter Category=Fast</c>. <c>tests/run.sh</c> runs them all.
/// </summary>
internal static class TestCategory
{
    public const string Name = "Category";

    /// <summary>Domain rules, grains on an in-process cluster, the API and hub on Kestrel: seconds each.</summary>
    public const string Fast = "Fast";

    /// <summary>Pages in headless Chromium.</summary>
    public const string Browser = "Browser";

    /// <summary>A real PostgreSQL server (started by the tests).</summary>
    public const string Postgres = "Postgres";

    /// <summary>Several server processes, nginx in front.</summary>
    public const string Cluster = "Cluster";

    /// <summary>Outages: a database stopped or frozen, a silo killed.</summary>
    public const string Faults = "Faults";
}
