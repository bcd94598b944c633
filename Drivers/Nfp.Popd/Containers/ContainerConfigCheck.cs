using System.Net;
using System.Text.RegularExpressions;
using Nfp.Pop.Protocol;
using Endpoint = Nfp.Pop.Protocol.Endpoint;
using Nfp.Popd.Api;
using Nfp.Popd.State;
using Nfp.Schema.Validation;

namespace Nfp.Popd.Containers;

/// <summary>
/// The checks of a Create that need no state: a name Docker and DNS accept, the one flavour, well-formed
/// addresses, sane resource options. Each failure is INVALID_ARGUMENT naming the field.
/// </summary>
internal static partial class ContainerConfigCheck
{
    public static IReadOnlyList<EndpointRequest> Endpoints(ContainerConfig config, string defaultNetwork)
    {
        PopNames.Require("name", config.Name);
        if (string.IsNullOrWhiteSpace(config.ImageId))
        {
            throw PopErrors.InvalidArgument("image_id is required.");
        }
        if (config.FlavourId is not ("" or ContainerMapping.Flavour))
        {
            throw PopErrors.InvalidArgument($"flavour_id must be '{ContainerMapping.Flavour}', the one flavour.");
        }
        Options(config.Options ?? new ResourceOptions());
        if (config.Endpoints.Count == 0)
        {
            return [new EndpointRequest(defaultNetwork, null, null, [])];
        }
        return config.Endpoints.Select(pair => Endpoint(pair.Key, pair.Value)).ToList();
    }

    public static EndpointRequest Endpoint(string network, Endpoint? endpoint)
    {
        if (string.IsNullOrWhiteSpace(network))
        {
            throw PopErrors.InvalidArgument("An endpoint must be keyed by a network name.");
        }
        return new EndpointRequest(network,
            Address($"endpoints[{network}].ipv4.address", endpoint?.Ipv4?.Address),
            Address($"endpoints[{network}].ipv6.address", endpoint?.Ipv6?.Address),
            endpoint?.VirtualIpv4.Select((text, i) => Address($"endpoints[{network}].virtual_ipv4[{i}]", text)).ToList() ?? []);
    }

    public static void MetadataKeys(IEnumerable<string> keys)
    {
        foreach (var key in keys.Where(key => !EnvironmentName().IsMatch(key)))
        {
            throw PopErrors.InvalidArgument($"Metadata key '{key}' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*).");
        }
    }

    private static IPAddress? Address(string field, string? text) =>
        string.IsNullOrEmpty(text) ? null
        : NetworkText.IsAddress(text) ? IPAddress.Parse(text)
        : throw PopErrors.InvalidArgument($"{field} '{text}' is not an IP address.");

    private static void Options(ResourceOptions options)
    {
        if (options.MemoryBytes < 0)
        {
            throw PopErrors.InvalidArgument("options.memory_bytes must not be negative.");
        }
        foreach (var cpuset in new[] { ("cpuset_cpus", options.CpusetCpus), ("cpuset_mems", options.CpusetMems) })
        {
            if (cpuset.Item2.Length > 0 && !CpuSet().IsMatch(cpuset.Item2))
            {
                throw PopErrors.InvalidArgument($"options.{cpuset.Item1} '{cpuset.Item2}' must be a list like 0-1,3.");
            }
        }
        foreach (var mount in options.Mounts.Where(m => !Path.IsPathRooted(m.Source) || !Path.IsPathRooted(m.Target) || m.Source.Contains(':', StringComparison.Ordinal)))
        {
            throw PopErrors.InvalidArgument($"options.mounts: '{mount.Source}' → '{mount.Target}' must join two absolute paths.");
        }
        foreach (var capability in options.CapAdd.Where(c => !Capability().IsMatch(c)))
        {
            throw PopErrors.InvalidArgument($"options.cap_add: '{capability}' is not a capability name like NET_ADMIN.");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^\d+(-\d+)?(,\d+(-\d+)?)*$")]
    private static partial Regex CpuSet();

    [GeneratedRegex("^(CAP_)?[A-Z_]+$")]
    private static partial Regex Capability();
}
