using System.Net;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Drivers.Vendors.Iptables;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// The configurator in process with NFP's own vendor drivers loaded as plugins, as the nfp/configurator
/// image has them: vendor "haproxy" (<see cref="HaproxyDriver"/>), "iptables"
/// (<see cref="IptablesFirewallDriver"/>) and "strongswan" (<see cref="StrongswanVpnDriver"/>), all with the
/// run's <see cref="DeviceAgent.Secret"/>; and how a test asks it for a change on a device.
/// </summary>
public sealed class VendorConfigurator() : ConfiguratorServer(Settings())
{
    public const string Haproxy = "haproxy";
    public const string Iptables = "iptables";
    public const string Strongswan = "strongswan";

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string> Settings() => new[]
    {
        (Haproxy, typeof(HaproxyDriver)), (Iptables, typeof(IptablesFirewallDriver)), (Strongswan, typeof(StrongswanVpnDriver)),
    }.SelectMany(vendor => new[]
    {
        ($"VendorDrivers:{vendor.Item1}:Assembly", vendor.Item2.Assembly.Location),
        ($"VendorDrivers:{vendor.Item1}:Type", vendor.Item2.FullName!),
        ($"VendorDrivers:{vendor.Item1}:Settings:AgentSecret", DeviceAgent.Secret),
    }).ToDictionary(setting => setting.Item1, setting => setting.Item2);

    /// <summary>A request of the <paramref name="vendor"/>'s driver for <paramref name="device"/>, with a context of its own.</summary>
    public static ConfigRequest Request(ServiceType type, string vendor, Device device, params ConfigResource[] config) =>
        new(new ConfigInfo(type, vendor, new ConfigContext(Guid.NewGuid(), device.NsdId, Guid.NewGuid(), "end-to-end test")), config);

    /// <summary>Calls <paramref name="method"/> and waits for its notification: the test fails unless the change was applied.</summary>
    public async Task ApplyAsync(ConfiguratorMethod method, ConfigRequest request)
    {
        var response = await CallAsync(method, request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var answer = await NotificationAsync(request.Info.Context.NsdId, n => n.Context.OperationId == request.Info.Context.OperationId, Soon);
        Assert.True(answer.Result == ConfigResult.Success, $"{NfpJson.WireName(method)} failed: {answer.Reason}");
    }

    /// <summary>The request was refused at once (400, problem+json) naming <paramref name="field"/>.</summary>
    public static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
    }
}
