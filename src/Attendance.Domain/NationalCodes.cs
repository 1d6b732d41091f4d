namespace Attendance.Domain;

/// <summary>
/// The national attendance codes from <i>Working together to improve school attendance</i> (DfE, from 19 August 2024)
/// and the School Attendance (Pupil Registration) (England) Regulations 2024. Kept as one table of data.
/// </summary>
public static class NationalCodes
{
    private static readonly AttendanceCode[] Table =
    [
        new("/", "Present (AM)", AttendanceCategory.Present),
        new("\\", "Present (PM)", AttendanceCategory.Present),
        new("L", "Late: arrived before the register closed", AttendanceCategory.Present),
        new("K", "Attending education provision arranged by the local authority", AttendanceCategory.ApprovedEducationalActivity),
        new("V", "Attending an educational visit or trip", AttendanceCategory.ApprovedEducationalActivity),
        new("P", "Participating in a supervised sporting activity", AttendanceCategory.ApprovedEducationalActivity),
        new("W", "Attending work experience", AttendanceCategory.ApprovedEducationalActivity),
        new("B", "Attending any other approved educational activity off site", AttendanceCategory.ApprovedEducationalActivity),
        new("D", "Dual registered: attending a session at the other school where also registered", AttendanceCategory.NotCounted),
        new("C1", "Leave of absence: regulated performance or regulated employment abroad", AttendanceCategory.AuthorisedAbsence),
        new("M", "Leave of absence: medical or dental appointment", AttendanceCategory.AuthorisedAbsence),
        new("J1", "Leave of absence: interview for employment or admission to another school or college", AttendanceCategory.AuthorisedAbsence),
        new("S", "Leave of absence: study leave", AttendanceCategory.AuthorisedAbsence),
        new("X", "Non-compulsory school age pupil not required to attend", AttendanceCategory.NotCounted),
        new("C2", "Leave of absence: temporary reduced (part-time) timetable", AttendanceCategory.AuthorisedAbsence),
        new("C", "Leave of absence: exceptional circumstances", AttendanceCategory.AuthorisedAbsence),
        new("E", "Suspended or permanently excluded, no alternative provision made", AttendanceCategory.AuthorisedAbsence),
        new("I", "Illness (not medical or dental appointment)", AttendanceCategory.AuthorisedAbsence),
        new("R", "Religious observance", AttendanceCategory.AuthorisedAbsence),
        new("T", "Parent travelling for occupational purposes (Traveller families)", AttendanceCategory.AuthorisedAbsence),
        new("Q", "Unable to attend: lack of access arrangements", AttendanceCategory.NotCounted),
        new("Y1", "Unable to attend: transport normally provided not available", AttendanceCategory.NotCounted),
        new("Y2", "Unable to attend: widespread disruption to travel", AttendanceCategory.NotCounted),
        new("Y3", "Unable to attend: part of the school premises closed", AttendanceCategory.NotCounted),
        new("Y4", "Unable to attend: whole school site unexpectedly closed", AttendanceCategory.NotCounted),
        new("Y5", "Unable to attend: criminal justice detention", AttendanceCategory.NotCounted),
        new("Y6", "Unable to attend: public health guidance or law", AttendanceCategory.NotCounted),
        new("Y7", "Unable to attend: any other unavoidable cause", AttendanceCategory.NotCounted),
        new("G", "Holiday not granted by the school", AttendanceCategory.UnauthorisedAbsence),
        new("N", "Reason for absence not yet established", AttendanceCategory.UnauthorisedAbsence),
        new("O", "Absent in other or unknown circumstances", AttendanceCategory.UnauthorisedAbsence),
        new("U", "Arrived after the register closed", AttendanceCategory.UnauthorisedAbsence),
        new("Z", "Prospective pupil not on admission register", AttendanceCategory.Administrative),
        new("#", "Planned whole or partial school closure", AttendanceCategory.Administrative),
    ];

    /// <summary>
    /// Pre-2024 codes found in historic data (e.g. seed 004's appendix), mapped to the 2024 code that replaced them.
    /// Accepted on import only: new marks use the 2024 set.
    /// </summary>
    private static readonly Dictionary<string, string> Historic = new(StringComparer.OrdinalIgnoreCase)
    {
        ["H"] = "C",  // authorised holiday: now leave of absence for exceptional circumstances
        ["F"] = "C",  // agreed extended family holiday (withdrawn 2013)
        ["J"] = "J1", // interview
        ["Y"] = "Y7", // unable to attend due to exceptional circumstances
    };

    private static readonly Dictionary<string, AttendanceCode> ByCode =
        Table.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, int> Numbers =
        Table.Select((code, i) => (code.Code, i)).ToDictionary(c => c.Code, c => c.i, StringComparer.Ordinal);

    public static IReadOnlyList<AttendanceCode> All => Table;

    /// <summary>The code's place in <see cref="All"/>: a number below 64, for registers and tallies kept compactly.</summary>
    public static int NumberOf(AttendanceCode code) => Numbers[code.Code];

    public static AttendanceCode Present(SessionPart part) => part == SessionPart.AM ? ByCode["/"] : ByCode["\\"];

    public static AttendanceCode Late => ByCode["L"];

    public static AttendanceCode ArrivedAfterRegisterClosed => ByCode["U"];

    public static AttendanceCode ReasonNotYetEstablished => ByCode["N"];

    /// <summary>
    /// The code to record for a session: <c>/</c> is the AM present mark and <c>\</c> the PM one, so a present mark
    /// takes the symbol of its session whichever was sent. Every other code is kept.
    /// </summary>
    public static AttendanceCode ForSession(AttendanceCode code, SessionPart part) =>
        code == ByCode["/"] || code == ByCode["\\"] ? Present(part) : code;

    /// <summary>Finds a code of the 2024 national set (letters in either case).</summary>
    public static bool TryGet(string? code, out AttendanceCode attendanceCode)
    {
        attendanceCode = null!;
        return code is not null && ByCode.TryGetValue(code.Trim(), out attendanceCode!);
    }

    public static AttendanceCode Get(string code) =>
        TryGet(code, out var found) ? found : throw new ArgumentException($"'{code}' is not a national attendance code.", nameof(code));

    /// <summary>Finds a code of the 2024 set, or a pre-2024 code mapped to its 2024 replacement (for imports).</summary>
    public static bool TryGetForImport(string? code, out AttendanceCode attendanceCode)
    {
        if (TryGet(code, out attendanceCode))
        {
            return true;
        }

        return code is not null && Historic.TryGetValue(code.Trim(), out var current) && TryGet(current, out attendanceCode);
    }
}
