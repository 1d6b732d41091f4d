using Attendance.Server.Access;
using Attendance.Server.Hosting;
using Attendance.Server.Storage;

var builder = WebApplication.CreateBuilder(args);
if (args is [SchemaCommand.Name, ..])
{
    return await SchemaCommand.RunAsync(builder.Configuration);
}

if ((builder.StartRefusal() ?? builder.SchoolClockRefusal()) is { } refusal)
{
    // No identity provider outside a developer's machine, or session keys left unprotected: refuse to start rather
    // than let anyone in. A school clock set to another time is for a developer's machine too.
    Console.Error.WriteLine(refusal);
    return 2;
}

var app = builder.AddAttendance().Build();
app.MapAttendance().Run();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
