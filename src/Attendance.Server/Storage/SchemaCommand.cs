namespace Attendance.Server.Storage;

/// <summary>
/// <c>dotnet Attendance.Server.dll apply-schema</c>: applies <c>deploy/sql</c> as the schema's owner
/// (<c>ConnectionStrings:AttendanceOwner</c>), then exits. The migration step of a deployment whose service login owns
/// no table (<c>deploy/sql/009-roles.sql</c>): the Kubernetes Job in <c>deploy/k8s/schema-job.yaml</c> runs it.
/// </summary>
public static class SchemaCommand
{
    public const string Name = "apply-schema";
    public const string OwnerConnectionStringName = "AttendanceOwner";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(OwnerConnectionStringName) is not { Length: > 0 } owner)
        {
            await Console.Error.WriteLineAsync($"apply-schema needs ConnectionStrings__{OwnerConnectionStringName}: the schema owner's connection string.");
            return 2;
        }

        var schema = new PostgresSchema(owner, configuration.GetConnectionString(Hosting.OrleansHosting.ClusterConnectionStringName));
        await schema.ApplyAsync();
        Console.WriteLine($"Database schema applied ({PostgresSchema.Scripts().Count} scripts).");
        return 0;
    }
}
