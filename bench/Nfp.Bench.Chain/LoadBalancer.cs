using System.Text.Json;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Bench.Chain;

/// <summary>
/// The load balancer both paths make, from the haproxy driver's own types so that both render the same
/// haproxy.cfg: an HTTP listener on port 80 of the VIP, round robin with an HTTP health check, the
/// backends as members on port 80. The manager gets it as a create request — the VIP as the consumer
/// port's address and in the listener, the backends as policy targets, the rest as service_config; the
/// floor hands the same data to the driver directly.
/// </summary>
internal sealed class LoadBalancer(IReadOnlyList<string> backends)
{
    public const string Vendor = "haproxy";
    public const string Image = "nfp/haproxy:latest";

    private const int Port = 80;
    private static readonly Pool Pool = new(LbMethod.RoundRobin, new HealthCheck(HealthCheckType.Http, "/", IntervalMs: 500, Rise: 1, Fall: 2));
    private readonly Guid _providerGroup = Guid.NewGuid();

    public CreateNetworkService Request(string vip, string consumerNetwork, string providerNetwork) => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, Vendor),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, consumerNetwork, IpAddress: vip),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, providerNetwork),
        ], "lb", ServiceConfig: JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["listener"] = Listener(vip),
            ["pool"] = Pool,
            ["member_port"] = Port,
        }, NfpJson.Options), PolicyTargets: [.. backends.Select(address => new PolicyTarget(Guid.NewGuid(), _providerGroup, address))]);

    /// <summary>The loadbalancer resource's data as the Pop driver makes it from the request above.</summary>
    public LoadBalancerData Data(string mgmtIpAddress, string vip) =>
        new(mgmtIpAddress, Listener(vip), Pool, [.. backends.Select(address => new Member(address, Port))]);

    private static Listener Listener(string vip) => new(Port, ListenerProtocol.Http, vip);
}
