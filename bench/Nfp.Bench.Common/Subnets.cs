using System.Net;

namespace Nfp.Bench;

/// <summary>Addresses in a bench's /24s (or any IPv4 subnet), by host number.</summary>
public static class Subnets
{
    /// <summary>How many addresses <paramref name="cidr"/> holds (256 for a /24).</summary>
    public static int Size(string cidr) => 1 << (32 - IPNetwork.Parse(cidr).PrefixLength);

    /// <summary>Host <paramref name="number"/> of <paramref name="cidr"/>: its base address plus the number (10.203.4.0/24, 2 → 10.203.4.2).</summary>
    public static string Host(string cidr, int number)
    {
        var bytes = IPNetwork.Parse(cidr).BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)number;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }
}
