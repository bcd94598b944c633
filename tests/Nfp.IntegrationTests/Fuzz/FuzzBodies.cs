using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// Valid bodies of NFP's contracts (docs/rpc.md), for the fuzzers to spoil: a mutation of a valid body
/// reaches deeper than random JSON does. Each names only random resources, so that a write it slips
/// through could only make new ones (which the row check would see), never change a seeded one.
/// </summary>
internal static class FuzzBodies
{
    public static JsonObject CreateNetworkService(FuzzRandom random, Guid tenant) => new()
    {
        ["tenant_id"] = tenant,
        ["service_id"] = random.Guid(),
        ["service_profile"] = new JsonObject
        {
            ["id"] = random.Guid(), ["service_type"] = "loadbalancer", ["service_vendor"] = "haproxy", ["allow_sharing"] = false,
        },
        ["port_info"] = new JsonArray(
            Port(random, "consumer"),
            Port(random, "provider")),
        ["name"] = "fuzz",
        ["service_config"] = LoadBalancerConfig(),
        ["policy_targets"] = new JsonArray(PolicyTarget(random)),
    };

    private static JsonObject Port(FuzzRandom random, string classification) => new()
    {
        ["id"] = random.Guid(), ["port_policy"] = "neutron_port", ["port_classification"] = classification, ["network"] = "fuzz-net",
    };

    public static JsonObject LoadBalancerConfig() => new()
    {
        ["listener"] = new JsonObject { ["port"] = 80, ["protocol"] = "http" },
        ["pool"] = new JsonObject { ["lb_method"] = "round_robin", ["health_check"] = new JsonObject { ["type"] = "http", ["path"] = "/" } },
        ["routes"] = new JsonArray(new JsonObject { ["destination"] = "10.9.0.0/16", ["nexthop"] = "10.0.0.1" }),
    };

    public static JsonObject PolicyTarget(FuzzRandom random) => new()
    {
        ["id"] = random.Guid(), ["policy_target_group_id"] = random.Guid(), ["ip_address"] = "10.0.3.5", ["name"] = "member",
    };

    public static JsonObject ConsumerPtg(FuzzRandom random) => new()
    {
        ["id"] = random.Guid(), ["subnet_cidrs"] = new JsonArray("10.1.0.0/24"), ["name"] = "consumers",
    };

    /// <summary>The body of one of the other writes and reads, picked at random: an update, a member or consumer change, a token, a quota, a list query.</summary>
    public static JsonObject Other(FuzzRandom random, Guid tenant, Guid service) => random.Int(0, 8) switch
    {
        0 => new() { ["network_service_id"] = service, ["service_config"] = LoadBalancerConfig() },
        1 => new() { ["network_service_id"] = service, ["policy_target"] = PolicyTarget(random) },
        2 => new() { ["network_service_id"] = service, ["consumer_ptg"] = ConsumerPtg(random) },
        3 => new() { ["network_service_id"] = service, ["chain_parameters"] = new JsonObject { ["key"] = "value" } },
        4 => new() { ["role"] = random.OneOf("reader", "member"), ["tenant_id"] = tenant, ["name"] = "fuzz", ["expires_in_seconds"] = 60 },
        5 => new() { ["services"] = 10, ["devices"] = 10, ["ports"] = 20 },
        6 => new() { ["tenant_id"] = tenant, ["limit"] = 10, ["provisioning_status"] = "ACTIVE", ["name"] = "fuzz" },
        _ => new() { ["service_config"] = LoadBalancerConfig() },
    };

    /// <summary>Whether <paramref name="text"/> is one JSON value (so that it could be a body some route takes).</summary>
    public static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
