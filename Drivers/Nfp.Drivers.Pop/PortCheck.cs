using System.Net;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Pop;

/// <summary>
/// What is wrong with a new service's ports on this Pop, from its networks and containers as popd has
/// them: a network it does not have; an address outside the network's subnets, not a host of them (the
/// network, broadcast or gateway address), already an endpoint's, or named twice in the request.
/// </summary>
internal static class PortCheck
{
    public static IReadOnlyList<FieldError> Errors(IReadOnlyList<PortInfo> ports, IReadOnlyList<Network> networks, IReadOnlyList<Container> containers)
    {
        var byName = networks.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var taken = containers.SelectMany(c => c.Endpoints.SelectMany(e => new[] { e.Value.Ipv4?.Address, e.Value.Ipv6?.Address }
            .Where(address => !string.IsNullOrEmpty(address)).Select(address => (Network: e.Key, Address: IPAddress.Parse(address!)))))
            .ToHashSet();
        var named = new HashSet<(string, IPAddress)>();
        var errors = new List<FieldError>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (!byName.TryGetValue(port.Network, out var network))
            {
                errors.Add(new FieldError($"port_info[{i}].network", FieldErrorCodes.UnknownValue,
                    $"'{port.Network}' is not a network of this Pop; it has {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}."));
                continue;
            }
            if (port.IpAddress.Length == 0)
            {
                continue;
            }
            var field = $"port_info[{i}].ip_address";
            var address = IPAddress.Parse(port.IpAddress);
            var reasons = network.Subnets.Select(s => PopAddresses.Unusable(IPNetwork.Parse(s.Cidr), Gateway(s), address)).ToList();
            if (reasons.All(reason => reason is not null))
            {
                errors.Add(new FieldError(field, FieldErrorCodes.Invalid,
                    $"'{field}' {port.IpAddress} is not a host address of network {network.Name}: {string.Join("; ", reasons.DefaultIfEmpty("it has no subnet"))}."));
            }
            else if (taken.Contains((network.Name, address)))
            {
                errors.Add(new FieldError(field, FieldErrorCodes.Invalid, $"'{field}' {port.IpAddress} is in use on network {network.Name}."));
            }
            else if (!named.Add((network.Name, address)))
            {
                errors.Add(new FieldError(field, FieldErrorCodes.Invalid, $"'{field}' {port.IpAddress} on network {network.Name} is named by another port of this request."));
            }
        }
        return errors;
    }

    private static IPAddress Gateway(Subnet subnet) => subnet.Gateway.Length > 0 ? IPAddress.Parse(subnet.Gateway) : IPAddress.None;
}
