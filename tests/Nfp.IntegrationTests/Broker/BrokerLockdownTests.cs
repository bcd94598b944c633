using System.Globalization;
using Nfp.IntegrationTests.Fixtures;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Nfp.IntegrationTests.Broker;

/// <summary>
/// RabbitMQ as deploy/bootstrap.sh leaves it: no <c>guest</c> user; a user of each NFP component, its
/// connection string in a file of root's alone (what each may do: <see cref="ComponentUserTests"/>); and its
/// Erlang distribution — epmd (4369) and the node's port (25672) — listening on loopback only, where no
/// tenant's container reaches it.
/// </summary>
public sealed class BrokerLockdownTests
{
    [Fact]
    public async Task The_guest_login_is_refused()
    {
        var broker = new Uri(NfpEnvironment.RabbitMq);
        var guest = new ConnectionFactory { HostName = broker.Host, Port = broker.Port, UserName = "guest", Password = "guest", VirtualHost = "/" };

        var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => guest.CreateConnectionAsync());

        Assert.IsType<AuthenticationFailureException>(refused.InnerException);
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("node-driver")]
    [InlineData("configurator-agent")]
    public async Task Each_component_has_its_own_user_and_connection_string_readable_by_root_alone(string component)
    {
        var file = $"/etc/nfp/rabbitmq-{component}.env";
        var broker = new Uri(NfpEnvironment.ComponentRabbitMq(component));

        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();

        Assert.Equal($"nfp-{component}", broker.UserInfo.Split(':')[0]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(connection.IsOpen);
    }

    [Theory]
    [InlineData(4369)]
    [InlineData(25672)]
    public void An_erlang_distribution_port_listens_on_loopback_only(int port)
    {
        var listening = Listening("/proc/net/tcp", port).Concat(Listening("/proc/net/tcp6", port)).ToList();

        Assert.NotEmpty(listening);
        Assert.All(listening, address => Assert.True(address is "0100007F" or "00000000000000000000000001000000",
            $"port {port} listens on {address}, not loopback"));
    }

    /// <summary>The local addresses (as /proc/net/tcp writes them, hex) with a socket listening (state 0A) on <paramref name="port"/>.</summary>
    private static IEnumerable<string> Listening(string table, int port) =>
        File.ReadLines(table).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == "0A" && int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
            .Select(fields => fields[1].Split(':')[0]);
}
