using System.Globalization;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Imports;

/// <summary>
/// Reads a roster exported from a school's MIS as CSV: one row per pupil. Classes come from the RegistrationGroup
/// column (with optional ClassName and Phase). Up to three contacts, in priority order: Contact1Name,
/// Contact1Relationship, Contact1Phone, optional Contact1Email (messages home, and the parent's account), then Contact2…, Contact3….
/// Optional census characteristics (see <see cref="Characteristics"/>) and EntryDate, the pupil's starting day (their
/// admission). Problems are reported by line number.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] RequiredColumns =
        ["UPN", "LegalForename", "LegalSurname", "DateOfBirth", "YearGroup", "RegistrationGroup"];

    public static async Task<(Roster? Roster, IReadOnlyList<string> Problems)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var (file, problem) = await CsvFile.OpenAsync(body, RequiredColumns, "a row per pupil", cancellationToken);
        if (file is null)
        {
            return (null, [problem!]);
        }

        using var csv = file;
        var pupils = new List<PupilDetails>();
        var lines = new List<int>();
        var classes = new Dictionary<string, RegistrationGroup>();
        var problems = new List<string>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = csv.Line;
            string? Field(string name) => csv[name];

            if (!DateOnly.TryParseExact(Field("DateOfBirth"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateOfBirth))
            {
                problems.Add($"Line {line}: DateOfBirth '{Field("DateOfBirth")}' is not a date in the form 2019-04-30.");
                continue;
            }

            var flags = new List<bool>();
            foreach (var column in new[] { "PupilPremium", "SEND", "HasSocialWorker", "Vulnerable" })
            {
                if (!TryFlag(Field(column), out var flag))
                {
                    problems.Add($"Line {line}: {column} '{Field(column)}' should be Y, N, true, false or empty.");
                }

                flags.Add(flag);
            }

            var characteristics = Characteristics(line, Field, problems);
            DateOnly? entryDate = null;
            if (Field("EntryDate") is { } entry)
            {
                if (DateOnly.TryParseExact(entry, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var entered))
                {
                    entryDate = entered;
                }
                else
                {
                    problems.Add($"Line {line}: EntryDate '{entry}' is not a date in the form 2026-09-03.");
                }
            }

            var group = Field("RegistrationGroup") ?? "";
            classes.TryAdd(group, new RegistrationGroup(group, Field("ClassName") ?? group, Field("Phase")));
            var contacts = Enumerable.Range(1, 3)
                .Where(i => Field($"Contact{i}Name") is not null || Field($"Contact{i}Phone") is not null)
                .Select(i => new Contact(Field($"Contact{i}Name") ?? "", Field($"Contact{i}Relationship") ?? "", Field($"Contact{i}Phone") ?? "", Field($"Contact{i}Email")))
                .ToList();
            lines.Add(line);
            pupils.Add(new PupilDetails(
                Field("UPN") ?? "", Field("LegalForename") ?? "", Field("LegalSurname") ?? "",
                Field("PreferredForename"), Field("PreferredSurname"), dateOfBirth, Field("YearGroup") ?? "", group,
                new PupilFlags(flags[0], flags[1], flags[2], flags[3]), contacts, characteristics, entryDate));
        }

        return problems.Count > 0 ? (null, problems) : (new Roster([.. classes.Values], pupils, lines), []);
    }

    /// <summary>
    /// The census characteristics, in the census's own codes: Sex (F, M), Ethnicity (e.g. WBRI), FSM (Y/N),
    /// SENProvision (N, K, E), LookedAfter and PreviouslyLookedAfter (Y/N), ChildInNeed (CIN, CPP or empty). A file
    /// without these columns imports as before, with none held.
    /// </summary>
    private static PupilCharacteristics? Characteristics(int line, Func<string, string?> field, List<string> problems)
    {
        string[] columns = ["Sex", "Ethnicity", "FSM", "SENProvision", "LookedAfter", "PreviouslyLookedAfter", "ChildInNeed"];
        if (columns.All(c => field(c) is null))
        {
            return null;
        }

        Sex? sex = field("Sex")?.ToUpperInvariant() switch
        {
            null => null,
            "F" => Sex.Female,
            "M" => Sex.Male,
            var other => Refused<Sex?>($"Sex '{other}' should be F or M.", null),
        };
        var sen = field("SENProvision")?.ToUpperInvariant() switch
        {
            null or "N" => SenProvision.None,
            "K" => SenProvision.SenSupport,
            "E" => SenProvision.EhcPlan,
            var other => Refused($"SENProvision '{other}' should be N, K (SEN support) or E (EHC plan).", SenProvision.None),
        };
        var socialCare = field("ChildInNeed")?.ToUpperInvariant() switch
        {
            null or "N" => SocialCareStatus.None,
            "CIN" => SocialCareStatus.ChildInNeed,
            "CPP" => SocialCareStatus.ChildProtectionPlan,
            var other => Refused($"ChildInNeed '{other}' should be CIN, CPP or empty.", SocialCareStatus.None),
        };
        var flags = new Dictionary<string, bool>();
        foreach (var column in new[] { "FSM", "LookedAfter", "PreviouslyLookedAfter" })
        {
            if (!TryFlag(field(column), out var flag))
            {
                problems.Add($"Line {line}: {column} '{field(column)}' should be Y, N, true, false or empty.");
            }

            flags[column] = flag;
        }

        return new PupilCharacteristics(sex, field("Ethnicity")?.ToUpperInvariant(), flags["FSM"], sen, flags["LookedAfter"], flags["PreviouslyLookedAfter"], socialCare);

        T Refused<T>(string problem, T value)
        {
            problems.Add($"Line {line}: {problem}");
            return value;
        }
    }

    private static bool TryFlag(string? value, out bool flag)
    {
        flag = value?.ToUpperInvariant() is "Y" or "YES" or "TRUE" or "1";
        return value is null || flag || value.ToUpperInvariant() is "N" or "NO" or "FALSE" or "0";
    }
}
