namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The device agents' password in this test run: devices (nfp/haproxy, nfp/iptables-fw) are started with
/// it as <c>NFP_AGENT_PASSWORD</c>, and the configurator's vendor drivers are configured with it.
/// </summary>
public static class DeviceAgent
{
    public static string Password { get; } = $"agent-{Guid.NewGuid():N}";

    /// <summary>The vendors the nfp/configurator image configures (its vendor-drivers.json).</summary>
    public static readonly string[] Vendors = ["haproxy", "iptables"];

    /// <summary>The environment the nfp/configurator image needs for its vendor drivers, as <c>docker run -e</c> arguments.</summary>
    public static IEnumerable<string> ConfiguratorEnvironment() =>
        Vendors.SelectMany(vendor => new[] { "-e", $"VendorDrivers__{vendor}__Settings__Password={Password}" });
}
