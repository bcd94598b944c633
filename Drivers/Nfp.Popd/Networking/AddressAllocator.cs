using System.Net;
using System.Net.Sockets;
using Nfp.Pop.Protocol;

namespace Nfp.Popd.Networking;

/// <summary>
/// Picks addresses in a subnet: only hosts (<see cref="PopAddresses"/>: never the network address, the IPv4
/// broadcast address or the gateway), never one already taken. The lowest free address is handed out first.
/// </summary>
internal static class AddressAllocator
{
    /// <summary>How far into an IPv6 subnet the search goes; no network of ours has more hosts.</summary>
    private const int MaxIpv6Candidates = 1 << 16;

    /// <summary>The lowest free host address, or null when the subnet is full.</summary>
    public static IPAddress? NextFree(IPNetwork subnet, IPAddress gateway, IReadOnlySet<IPAddress> taken)
    {
        var (first, last) = PopAddresses.HostRange(subnet);
        if (subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 && last - first > MaxIpv6Candidates)
        {
            last = first + MaxIpv6Candidates;
        }
        for (var candidate = first; candidate <= last; candidate++)
        {
            var address = PopAddresses.ToAddress(candidate, subnet.BaseAddress.AddressFamily);
            if (!address.Equals(gateway) && !taken.Contains(address))
            {
                return address;
            }
        }
        return null;
    }
}
