using System.Text.Json;
using System.Text.Json.Nodes;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Drivers.Pop;

/// <summary>
/// How the Pop driver turns a network service's <c>service_config</c> — a JSON object the node driver
/// gives — into the configurator's resources (docs/rpc.md). Its <c>routes</c>,
/// when present, become a <c>routes</c> resource; the rest becomes the resource of the service's type
/// (<c>loadbalancer</c>, <c>firewall</c>, <c>vpn</c>) with the device's <c>mgmt_ip_address</c>. A load
/// balancer's also gets what only the manager knows: <c>listener.address</c> (the VIP: the device's address
/// on the consumer port's network, unless the config names one: <see cref="LoadBalancerVip"/>) and <c>members</c> — the service's policy
/// targets, each at <c>member_port</c> (else the listener's port, else 80). A VPN's gets <c>local_address</c>: the
/// device's address on the consumer port's network, where its peers reach it.
/// </summary>
internal static class ServiceConfigMapping
{
    private const string Routes = "routes";
    private const string MemberPort = "member_port";

    /// <exception cref="LifecycleDriverException">service_config is not a JSON object (not transient: the service's config must change).</exception>
    public static IReadOnlyList<ConfigResource> Resources(
        NetworkService service, string mgmtIpAddress, string consumerAddress, IReadOnlyList<PolicyTarget> members)
    {
        var config = Parse(service);
        var resources = new List<ConfigResource>();
        if (config.Remove(Routes, out var routes))
        {
            resources.Add(Resource(ConfigResourceKind.Routes, new JsonObject { ["mgmt_ip_address"] = mgmtIpAddress, [Routes] = routes }));
        }
        config["mgmt_ip_address"] = mgmtIpAddress;
        var kind = service.ServiceType switch
        {
            ServiceType.Loadbalancer => ConfigResourceKind.Loadbalancer,
            ServiceType.Firewall => ConfigResourceKind.Firewall,
            _ => ConfigResourceKind.Vpn,
        };
        if (kind == ConfigResourceKind.Loadbalancer)
        {
            AddLoadBalancerParts(config, LoadBalancerVip.Of(service, consumerAddress), members);
        }
        else if (kind == ConfigResourceKind.Vpn)
        {
            config["local_address"] = consumerAddress;
        }
        resources.Add(Resource(kind, config));
        return resources;
    }

    private static void AddLoadBalancerParts(JsonObject config, string vip, IReadOnlyList<PolicyTarget> members)
    {
        if (config["listener"] is not JsonObject listener)
        {
            config["listener"] = listener = [];
        }
        listener["address"] = vip;
        var port = config.Remove(MemberPort, out var memberPort) ? memberPort : listener["port"] ?? 80;
        config["members"] = new JsonArray(members.Select(m => (JsonNode)new JsonObject { ["address"] = m.IpAddress, ["port"] = port?.DeepClone() }).ToArray());
    }

    /// <summary>A copy of the service's config to fill in; one stored before service_config had to be an object may not be one.</summary>
    private static JsonObject Parse(NetworkService service) =>
        JsonNode.Parse(service.ServiceConfig.GetRawText()) as JsonObject
        ?? throw new LifecycleDriverException($"Network service {service.Id}'s service_config is not a JSON object.", isTransient: false);

    private static ConfigResource Resource(ConfigResourceKind kind, JsonObject data) =>
        new(kind, JsonSerializer.SerializeToElement(data, NfpJson.Options));
}
