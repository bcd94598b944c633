using System.Net;
using System.Net.Sockets;

namespace Nfp.Pop.Protocol;

/// <summary>
/// Which addresses of a Pop subnet are hosts (docs/rpc.md, Pop): never the network address, the IPv4
/// broadcast address or the gateway. popd hands out and accepts only these; a client checks an address
/// it means to ask for by the same rule before it asks.
/// </summary>
public static class PopAddresses
{
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

    /// <summary>The first and last host addresses of <paramref name="subnet"/>, as numbers.</summary>
    public static (UInt128 First, UInt128 Last) HostRange(IPNetwork subnet)
    {
        var bits = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var network = ToNumber(subnet.BaseAddress);
        var size = bits - subnet.PrefixLength == 128 ? UInt128.MaxValue : (UInt128.One << (bits - subnet.PrefixLength)) - 1;
        var top = network + size;
        // IPv4 keeps its broadcast address out; IPv6 has none, but its last address is rarely wanted either.
        return (network + 1, top - 1);
    }

    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    public static IPAddress ToAddress(UInt128 value, AddressFamily family)
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
