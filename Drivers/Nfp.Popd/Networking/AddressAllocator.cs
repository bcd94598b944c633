using System.Net;
using System.Net.Sockets;

namespace Nfp.Popd.Networking;

/// <summary>
/// Picks addresses in a subnet: never the network address, the IPv4 broadcast address or the gateway,
/// never one already taken. The lowest free address is handed out first.
/// </summary>
internal static class AddressAllocator
{
    /// <summary>How far into an IPv6 subnet the search goes; no network of ours has more hosts.</summary>
    private const int MaxIpv6Candidates = 1 << 16;

    /// <summary>The lowest free host address, or null when the subnet is full.</summary>
    public static IPAddress? NextFree(IPNetwork subnet, IPAddress gateway, IReadOnlySet<IPAddress> taken)
    {
        var (first, last) = HostRange(subnet);
        if (subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 && last - first > MaxIpv6Candidates)
        {
            last = first + MaxIpv6Candidates;
        }
        for (var candidate = first; candidate <= last; candidate++)
        {
            var address = ToAddress(candidate, subnet.BaseAddress.AddressFamily);
            if (!address.Equals(gateway) && !taken.Contains(address))
            {
                return address;
            }
        }
        return null;
    }

    /// <summary>Why <paramref name="address"/> cannot be a host of <paramref name="subnet"/>, or null if it can.</summary>
    public static string? Unusable(IPNetwork subnet, IPAddress gateway, IPAddress address)
    {
        if (address.AddressFamily != subnet.BaseAddress.AddressFamily || !subnet.Contains(address))
        {
            return $"{address} is not in {subnet}";
        }
        var (first, last) = HostRange(subnet);
        var value = ToNumber(address);
        if (value < first || value > last)
        {
            return $"{address} is the network or broadcast address of {subnet}";
        }
        return address.Equals(gateway) ? $"{address} is the gateway of {subnet}" : null;
    }

    /// <summary>The first address after the network's own (gateway convention: .1).</summary>
    public static IPAddress FirstHost(IPNetwork subnet) => ToAddress(HostRange(subnet).First, subnet.BaseAddress.AddressFamily);

    private static (UInt128 First, UInt128 Last) HostRange(IPNetwork subnet)
    {
        var bits = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var network = ToNumber(subnet.BaseAddress);
        var size = bits - subnet.PrefixLength == 128 ? UInt128.MaxValue : (UInt128.One << (bits - subnet.PrefixLength)) - 1;
        var top = network + size;
        // IPv4 keeps its broadcast address out; IPv6 has none, but its last address is rarely wanted either.
        return (network + 1, top - 1);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private static IPAddress ToAddress(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[family == AddressFamily.InterNetwork ? 4 : 16];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return new IPAddress(bytes);
    }
}
