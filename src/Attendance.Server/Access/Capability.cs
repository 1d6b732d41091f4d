namespace Attendance.Server.Access;

/// <summary>What an endpoint or a hub subscription does, for the access rules.</summary>
public enum Capability
{
    /// <summary>A school's settings and its list of classes (no pupils).</summary>
    SchoolInfo,

    /// <summary>A school's live status, dashboard feed and policy.</summary>
    ViewSchool,

    /// <summary>One class's register and feed (teachers: their groups).</summary>
    ViewClass,

    /// <summary>One pupil's attendance and session history (teachers: pupils of their groups).</summary>
    ViewPupil,

    /// <summary>Submit a register or record a single mark.</summary>
    TakeRegister,

    /// <summary>Change a mark, with a reason.</summary>
    Amend,

    /// <summary>Record gate and reception arrivals, and sign pupils out early and back in (the office's desk).</summary>
    RecordArrival,

    /// <summary>Create a school, change its settings, import its roster.</summary>
    ManageSchool,

    /// <summary>Export the legal register.</summary>
    ExportRegister,

    /// <summary>A school's alerts: see, acknowledge, assign, decide.</summary>
    Alerts,

    /// <summary>A school's follow-up tasks: see them, record calls, close them.</summary>
    FollowUp,

    /// <summary>Change or remove a school's own policy.</summary>
    SchoolPolicy,

    /// <summary>A provision's day, guests, arrivals, absences and calls.</summary>
    Provision,

    /// <summary>Create a provision, change its settings.</summary>
    ManageProvision,

    /// <summary>Place one of the school's pupils with a provision as a guest (the pupil's own school only).</summary>
    PlaceGuest,

    /// <summary>Change the trust's policy.</summary>
    TrustPolicy,

    /// <summary>The alerts the policy sends to the trust, from every school (with pupils' names).</summary>
    TrustAlerts,

    /// <summary>Grant or refuse a parent's request for leave of absence (the headteacher).</summary>
    DecideLeave,

    /// <summary>The deployment's metrics (the Prometheus scrape endpoint).</summary>
    Metrics,

    /// <summary>Statutory extracts of pupils' personal data (the DfE's daily attendance data): the office and trust leaders.</summary>
    StatutoryExtract,

    /// <summary>Start and end an emergency roll call (the office and senior leaders).</summary>
    StartRollCall,

    /// <summary>Open the files parents sent as evidence with their absence reports (the office and the attendance lead).</summary>
    Evidence,

    /// <summary>A roll call under way: see the pupils to account for and tick them off (staff with groups: theirs).</summary>
    RollCall,

    /// <summary>Pursue a penalty notice and request it from the local authority (the headteacher only: 2024 framework).</summary>
    RequestPenaltyNotice,
}
