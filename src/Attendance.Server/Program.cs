using System.Text.Json.Serialization;
using Attendance.Server.Api;
using Attendance.Server.Demo;
using Attendance.Server.Health;
using Attendance.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddAttendanceSilo();
builder.Services.AddHostedService<DemoSchoolSeeder>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();

// Malformed bodies always raise, so BadRequestHandler can say what was wrong, in every environment.
builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddAttendanceHealthChecks(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    json.SerializerOptions.Converters.Add(new SessionJsonConverter());
});

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapAttendanceHealth();

var api = app.MapGroup("/api");
api.MapSchools();
api.MapRegisters();
api.MapPupils();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
