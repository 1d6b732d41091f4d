using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Attendance.Grains.Messages;
using Attendance.Grains.Schools;
using Attendance.Grains.Registers;

namespace Attendance.Grains.Hosting;

public static class GrainServices
{
    /// <summary>
    /// What the attendance grains need in a silo: the serialization, a school's grains placed together, the silo's
    /// policy cache, the service's metrics, the register journal and legal register (in memory unless replaced), the school clock
    /// and the senders of messages home (not sent unless replaced); grain interface types looked up once.
    /// </summary>
    public static IServiceCollection AddAttendanceGrains(this IServiceCollection services)
    {
        services.AddPlacementDirector<SchoolPlacement, SchoolPlacementDirector>();

        // First in the list, so Orleans asks it before its own providers, whenever those are registered.
        services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, KnownGrainInterfaceTypes>());
        foreach (var channel in Enum.GetValues<Abstractions.MessageChannel>())
        {
            // Messages home are not sent until a real sender is registered after these (the last one for a channel is used).
            services.AddSingleton<IMessageSender>(provider => new LoggingMessageSender(channel, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LoggingMessageSender>>()));
        }

        return services
            .AddAttendanceSerialization()
            .AddSingleton<PolicyCache>()
            .AddSingleton<AttendanceMetrics>()
            .AddSingleton<InMemoryRegisterJournal>()
            .AddSingleton<IRegisterJournal>(services => services.GetRequiredService<InMemoryRegisterJournal>())
            .AddSingleton<ILegalRegister>(services => services.GetRequiredService<InMemoryRegisterJournal>())
            .AddKeyedSingleton(SchoolClock.Key, TimeProvider.System);
    }
}
