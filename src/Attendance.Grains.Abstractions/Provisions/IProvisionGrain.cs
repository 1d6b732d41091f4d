using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// An enhanced provision: its sessions, its guest pupils and its own register. A guest's mark here reaches the
/// referring school's register at once; a guest not arrived by the policy's minutes raises a call-parent task.
/// </summary>
public interface IProvisionGrain : IGrainWithStringKey
{
    /// <summary>Creates the provision or changes its settings (calendar, session times), or refuses them with every problem found.</summary>
    Task<Outcome> Configure(SchoolSettings settings);

    [ReadOnly]
    Task<SchoolSettings?> GetSettings();

    /// <summary>Adds a guest pupil or changes their placement.</summary>
    Task<Outcome> PlaceGuest(GuestPlacement placement);

    [ReadOnly]
    Task<IReadOnlyList<Guest>> GetGuests();

    Task<Outcome<RegisterEntry>> RecordArrival(GuestArrival arrival);

    Task<Outcome<RegisterEntry>> RecordAbsence(GuestAbsence absence);

    /// <summary>Raises a call-parent task for each guest expected at the session and not arrived, once the call is due.</summary>
    Task CheckArrivals(Session session);

    [ReadOnly]
    Task<ProvisionDay?> GetDay(DateOnly date);

    Task<GuestView?> GetGuest(string upn);
}
