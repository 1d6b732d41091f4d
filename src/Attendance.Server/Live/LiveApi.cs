namespace Attendance.Server.Live;

/// <summary>The dashboards' live connection: the SignalR hub at <see cref="AttendanceHub.Path"/>.</summary>
public static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapHub<AttendanceHub>(AttendanceHub.Path);
        return app;
    }
}
