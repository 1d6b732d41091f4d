using Attendance.Server.Storage;
using Npgsql;
using Attendance.Testing;

namespace Attendance.Server.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class DatabaseConnectionsTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_silos_bound()
    {
        var bounded = new NpgsqlConnectionStringBuilder(DatabaseConnections.Bounded("Host=db;Database=attendance;Username=app", 16, TimeSpan.FromSeconds(5)));

        Assert.Equal((16, "db", "attendance", "app"), (bounded.MaxPoolSize, bounded.Host, bounded.Database, bounded.Username));
        Assert.Equal((5, 5), (bounded.Timeout, bounded.CommandTimeout)); // not the driver's 15 s and 30 s
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50;Timeout=20;Command Timeout=60", 50, 20, 60)]
    [InlineData("Host=db;maximum pool size=100;command timeout=45", 100, 5, 45)]
    public void What_the_operator_chose_is_kept(string connectionString, int pool, int timeout, int commandTimeout)
    {
        var bounded = new NpgsqlConnectionStringBuilder(DatabaseConnections.Bounded(connectionString, 16, TimeSpan.FromSeconds(4.5)));

        Assert.Equal((pool, timeout, commandTimeout), (bounded.MaxPoolSize, bounded.Timeout, bounded.CommandTimeout));
    }
}
