using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Attendance.Server.Storage;

/// <summary>
/// The session key ring in PostgreSQL (<c>session_keys</c>): every silo reads and adds to the same keys, so a cookie
/// issued by one pod is read by the next, and a restart signs nobody out. Data Protection calls this rarely (at start,
/// when a key is due to expire, when it meets a key it does not know), so plain synchronous calls are fine.
/// </summary>
public sealed class PostgresKeyRing(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.CreateCommand("SELECT xml FROM session_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = database.CreateCommand("INSERT INTO session_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
