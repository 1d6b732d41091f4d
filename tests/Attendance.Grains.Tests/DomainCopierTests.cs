using System.Runtime.CompilerServices;
using Attendance.Domain;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Attendance.Testing;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Tests;

/// <summary>Domain records pass between grains of a silo uncopied; that is only safe because none can change.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class DomainCopierTests
{
    private static readonly DeepCopier Copier = new ServiceCollection().AddAttendanceSerialization().BuildServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public void Orleans_passes_immutable_domain_records_as_they_are_and_still_copies_the_mutable_ones()
    {
        var entry = new RegisterEntry(TestSchool.Today, "/", MarkSource.Register, TestSchool.Teacher, DateTimeOffset.UnixEpoch, 10);
        Assert.Same(entry, Copier.Copy(entry));
        Assert.Same(TestSchool.Calendar, Copier.Copy(TestSchool.Calendar));
        var list = new List<RegisterEntry> { entry };
        Assert.Same(entry, Copier.Copy(list)[0]);

        var tally = new AttendanceTally();
        Assert.NotSame(tally, Copier.Copy(tally));
        RegisterEntry?[] marks = [entry, null];
        var copied = Copier.Copy(marks);
        Assert.NotSame(marks, copied);
        Assert.Same(entry, copied[0]);
    }

    [Fact]
    public void Every_domain_type_passed_uncopied_has_no_property_that_can_be_set_after_it_is_made()
    {
        var settable = typeof(Session).Assembly.GetTypes()
            .Where(t => t.IsPublic && DomainCopier.IsImmutable(t))
            .SelectMany(t => t.GetProperties().Where(p => p.SetMethod is { IsPublic: true } set && !IsInitOnly(set)).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        Assert.Empty(settable);
        Assert.False(DomainCopier.IsImmutable(typeof(PupilRegister)));
    }

    private static bool IsInitOnly(System.Reflection.MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
