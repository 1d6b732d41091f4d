using Attendance.Grains.Alerts;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Live;
using Attendance.Server.Access;
using Attendance.Server.Analytics;
using Attendance.Server.Admissions;
using Attendance.Server.Alerts;
using Attendance.Server.Site;
using Attendance.Server.Casework;
using Attendance.Server.Families;
using Attendance.Server.FollowUp;
using Attendance.Server.Imports;
using Attendance.Server.Lessons;
using Attendance.Server.Letters;
using Attendance.Server.Provisions;
using Attendance.Server.Registers;
using Attendance.Server.Schools;
using Attendance.Server.SchoolYears;
using Attendance.Server.Demo;
using Attendance.Server.Health;
using Attendance.Server.Hosting;
using Attendance.Server.Http;
using Attendance.Server.Live;
using Attendance.Server.Messages;
using Attendance.Server.Retention;
using Attendance.Server.Returns;
using Attendance.Server.Screens;
using Attendance.Server.Storage;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Hosting;

/// <summary>
/// The whole service in two calls, so Program.cs stays a page: <see cref="AddAttendance"/> registers everything (the
/// silo, storage, sign-in, limits, options, the features' services) and <see cref="MapAttendance"/> lays out the
/// pipeline and maps every feature's routes and the hub.
/// </summary>
public static class AttendanceHost
{
    public static WebApplicationBuilder AddAttendance(this WebApplicationBuilder builder)
    {
        builder.Services.AddAttendanceOptions(builder.Configuration);
        builder.AddProxySupport();
        builder.AddAttendanceSilo();
        builder.AddSchoolClock();
        builder.AddAttendanceTelemetry();
        builder.AddAttendanceAccess();
        builder.AddInputLimits();
        builder.AddLoadShedding();
        builder.AddAttendanceMessages();
        builder.Services.AddHostedService<DemoSchoolSeeder>();
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StatusProblems.Customize);
        builder.Services.AddExceptionHandler<ExceptionProblems>();

        // Malformed bodies always raise, so ExceptionProblems can say what was wrong, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddAttendanceHealthChecks(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddSignalR().AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions));
        builder.Services.AddHostedService<RetentionJob>();
        builder.Services.AddSingleton<PupilClasses>();
        builder.Services.AddSingleton<ScreensService>();
        builder.Services.AddSingleton<LessonsService>();
        builder.Services.AddSingleton<LettersService>();
        builder.Services.AddSingleton<EvidencePack>();
        builder.Services.AddSingleton<GovernorsReport>();
        builder.Services.AddSingleton<AnalyticsService>();
        builder.Services.AddSingleton<ReturnsService>();
        builder.Services.AddSingleton<FamiliesService>();
        builder.Services.AddSingleton<DashboardRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DashboardRelay>());
        builder.Services.AddKnownSchool();
        return builder;
    }

    public static WebApplication MapAttendance(this WebApplication app)
    {
        app.UseProxySupport();
        if (app.Services.GetRequiredService<IOptions<AttendanceOptions>>().Value.SchoolAffinity)
        {
            app.UseSchoolAffinity();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseLoadShedding();
        app.UseCookieForgeryCheck();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        app.MapAttendanceHealth().AllowAnonymous();
        app.MapAttendanceMetrics();
        if (app.Services.GetRequiredService<IOptions<AttendanceOptions>>().Value.OrleansDashboard)
        {
            Orleans.Dashboard.ServiceCollectionExtensions.MapOrleansDashboard(app, "/orleans-dashboard").RequireAccess(Capability.Metrics);
        }

        app.MapRegistersApi();
        app.MapLessonsApi();
        app.MapSchoolsApi();
        app.MapAlertsApi();
        app.MapDutyApi();
        app.MapSiteApi();
        app.MapProvisionsApi();
        app.MapFollowUpApi();
        app.MapCaseworkApi();
        app.MapPenaltyNoticesApi();
        app.MapFamiliesApi();
        app.MapDevicesApi();
        app.MapEvidenceApi();
        app.MapReceiptsApi();
        app.MapLettersApi();
        app.MapImportsApi();
        app.MapAdmissionsApi();
        app.MapSchoolYearsApi();
        app.MapReturnsApi();
        app.MapAnalyticsApi();
        app.MapScreensApi();
        app.MapAccessApi(app.Services.GetRequiredService<SignInSetup>());
        app.MapLiveApi();
        return app;
    }
}
