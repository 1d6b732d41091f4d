using System.Text.Json;
using System.Text.Json.Serialization;
using Attendance.Domain;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Attendance.Grains.Hosting;

/// <summary>
/// The domain library stays free of Orleans, so its records cross grain calls and reach storage through Orleans'
/// System.Text.Json codec rather than generated serializers.
/// </summary>
public static class DomainSerialization
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Registers the codec, and stores grain state with Orleans' own binary serializer (the storage providers'
    /// default is Newtonsoft JSON, which cannot rebuild the domain's immutable records). The domain's immutable types
    /// are passed between grains of a silo as they are (<see cref="DomainCopier"/>, registered first so Orleans picks
    /// it before the JSON codec's copier).
    /// </summary>
    public static IServiceCollection AddAttendanceSerialization(this IServiceCollection services) => services
        .AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>()
        .AddSingleton<Orleans.Serialization.Cloning.IGeneralizedCopier, DomainCopier>()
        .AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace == typeof(Session).Namespace,
            jsonSerializerOptions: Options));
}
