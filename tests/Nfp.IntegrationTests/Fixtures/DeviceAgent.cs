namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The device agents' secret in this test run: the Pop driver and the configurator's vendor drivers are
/// configured with it, and a device (nfp/haproxy, nfp/iptables-fw) is started with its own password made
/// from it (<see cref="Environment"/>).
/// </summary>
public static class DeviceAgent
{
    public static string Secret { get; } = $"agent-{Guid.NewGuid():N}";

    /// <summary>The device <paramref name="nsdId"/>'s own password.</summary>
    public static string Password(Guid nsdId) => Nfp.Schema.Drivers.DeviceCredentials.Password(Secret, nsdId);

    /// <summary>What a device agent started by hand needs, as <c>docker run -e</c> arguments: its own password and its id.</summary>
    public static string[] Environment(Guid nsdId) => ["-e", $"NFP_AGENT_PASSWORD={Password(nsdId)}", "-e", $"NFP_DEVICE_ID={nsdId:D}"];

    /// <summary>The vendors the nfp/configurator image configures (its vendor-drivers.json).</summary>
    public static readonly string[] Vendors = ["haproxy", "iptables", "strongswan"];
}
