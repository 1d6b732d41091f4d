using Attendance.Server.Storage;
using Npgsql;

namespace Attendance.Server.Tests;

public class DatabaseConnectionsTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_silos_bound()
    {
        var bounded = new NpgsqlConnectionStringBuilder(DatabaseConnections.Bounded("Host=db;Database=attendance;Username=app", 16));

        Assert.Equal((16, "db", "attendance", "app"), (bounded.MaxPoolSize, bounded.Host, bounded.Database, bounded.Username));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50")]
    [InlineData("Host=db;maximum pool size=100")]
    public void A_pool_size_the_operator_chose_is_kept(string connectionString)
    {
        Assert.Equal(connectionString, DatabaseConnections.Bounded(connectionString, 16));
    }
}
