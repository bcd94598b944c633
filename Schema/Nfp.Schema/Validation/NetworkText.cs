using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nfp.Schema.Validation;

/// <summary>
/// Strict reading of addresses and networks. <see cref="IPAddress.TryParse(string, out IPAddress)"/> takes
/// forms no operator means ("10.1", "0x0a.0.0.1", "010.0.0.1" read as 8.0.0.1) and
/// <see cref="IPNetwork.TryParse(string, out IPNetwork)"/> quietly clears host bits ("10.0.0.1/24"); here an
/// IPv4 address must be four plain decimal octets, an IPv6 one must have no zone, and a network's host
/// bits must be zero.
/// </summary>
public static class NetworkText
{
    public static bool IsAddress(string? text) =>
        text is not null
        && IPAddress.TryParse(text, out var address)
        && address.AddressFamily switch
        {
            AddressFamily.InterNetwork => address.ToString() == text,
            AddressFamily.InterNetworkV6 => !text.Contains('%', StringComparison.Ordinal),
            _ => false,
        };

    public static bool IsCidr(string? text)
    {
        var parts = text?.Split('/');
        if (parts is not [var addressText, var prefixText] || !IsAddress(addressText)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }
        var bytes = IPAddress.Parse(addressText).GetAddressBytes();
        return prefix <= bytes.Length * 8 && HostBitsAreZero(bytes, prefix);
    }

    /// <summary>Whether <paramref name="address"/> is in the network <paramref name="cidr"/>; both must be well formed (<see cref="IsAddress"/>, <see cref="IsCidr"/>).</summary>
    public static bool Contains(string cidr, string address) => IPNetwork.Parse(cidr).Contains(IPAddress.Parse(address));

    private static bool HostBitsAreZero(byte[] bytes, int prefix)
    {
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
