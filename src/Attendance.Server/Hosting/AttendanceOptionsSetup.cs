using Attendance.Grains.Alerts;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Live;
using Attendance.Grains.Messages;
using Attendance.Server.Access;
using Attendance.Server.Analytics;
using Attendance.Server.Messages;
using Attendance.Server.Retention;
using Attendance.Server.Storage;

namespace Attendance.Server.Hosting;

/// <summary>
/// Every setting of the service, bound to its options class in one place (each class, in a file of its own, names its
/// section and documents its settings; README "Configuration" lists them). A few are also read before the services are
/// built, where they shape what is registered (sign-in, storage, limits): those reads use the same classes.
/// </summary>
public static class AttendanceOptionsSetup
{
    public static IServiceCollection AddAttendanceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttendanceOptions>(configuration.GetSection(AttendanceOptions.Section));
        services.Configure<SignInOptions>(configuration.GetSection(SignInOptions.Section));
        services.Configure<LimitOptions>(configuration.GetSection(LimitOptions.Section));

        // The section's former name still counts (deployments set Attendance__Admission__*); the new one wins.
        services.Configure<LoadSheddingOptions>(configuration.GetSection(LoadSheddingOptions.FormerSection));
        services.Configure<LoadSheddingOptions>(configuration.GetSection(LoadSheddingOptions.Section));
        services.Configure<JournalOptions>(configuration.GetSection(JournalOptions.Section));
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        services.Configure<FollowUpOptions>(configuration.GetSection(FollowUpOptions.Section));
        services.Configure<MessageOptions>(configuration.GetSection(MessageOptions.Section));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<NotifyOptions>(configuration.GetSection(NotifyOptions.Section));
        services.Configure<AnalyticsOptions>(configuration.GetSection(AnalyticsOptions.Section));
        return services;
    }
}
