using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Nfp.Pop.Protocol;

namespace Nfp.Cli.Pop;

/// <summary>One <c>KEY=VALUE</c> of metadata; an empty value deletes the key.</summary>
internal sealed record MetadataEntry(string Key, string Value);

/// <summary>One <c>--net NAME[=IP]</c>: a network to attach to, at an address or the next free one.</summary>
internal sealed record NetworkAttachment(string Network, IPAddress? Address)
{
    /// <summary>The endpoint of a ContainerConfig: the address in ipv4 or ipv6 by its family.</summary>
    public Endpoint ToEndpoint() => Address switch
    {
        null => new Endpoint(),
        { AddressFamily: AddressFamily.InterNetworkV6 } => new Endpoint { Ipv6 = new Ip { Address = Address.ToString() } },
        _ => new Endpoint { Ipv4 = new Ip { Address = Address.ToString() } },
    };
}

/// <summary>
/// The arguments several commands share, each parsed as the command line is read so that a malformed one
/// is a usage error (exit 2) before popd is asked anything.
/// </summary>
internal static partial class PopArguments
{
    public static Argument<string> Name(string what) => new("NAME") { Description = $"the {what}'s name" };

    /// <summary><c>KEY=VALUE</c>, split at the first '='; the value may be empty.</summary>
    public static MetadataEntry[] ParseMetadata(ArgumentResult result)
    {
        var entries = new List<MetadataEntry>();
        foreach (var token in result.Tokens)
        {
            var equals = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 && token.Value.Length > 0)
            {
                // KEY alone: the value of this process's environment variable KEY, as docker run -e KEY
                // takes it — a secret so given never shows in a command line (ps, /proc/*/cmdline).
                if (Environment.GetEnvironmentVariable(token.Value) is { } value)
                {
                    entries.Add(new MetadataEntry(token.Value, value));
                }
                else
                {
                    result.AddError($"metadata '{token.Value}' has no =VALUE and no environment variable {token.Value} to take it from.");
                }
                continue;
            }
            if (equals == 0)
            {
                // Only the key part is repeated: a value may be a secret.
                result.AddError("metadata '' must be KEY=VALUE, or KEY to take the value of the environment variable KEY.");
                continue;
            }
            entries.Add(new MetadataEntry(token.Value[..equals], token.Value[(equals + 1)..]));
        }
        return [.. entries];
    }

    /// <summary>The entries as the Metadata RPC takes them; of a key given twice the last value counts.</summary>
    public static Dictionary<string, string> Entries(IEnumerable<MetadataEntry> entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            map[entry.Key] = entry.Value;
        }
        return map;
    }

    /// <summary><c>NAME</c> or <c>NAME=IP</c>; each network at most once.</summary>
    public static NetworkAttachment[] ParseNetworks(ArgumentResult result)
    {
        var attachments = new List<NetworkAttachment>();
        foreach (var token in result.Tokens)
        {
            var parts = token.Value.Split('=', 2);
            IPAddress? address = null;
            if (parts[0].Length == 0 || parts.Length == 2 && (address = Address(parts[1])) is null)
            {
                result.AddError($"--net '{token.Value}' must be NAME or NAME=IP.");
            }
            else if (attachments.Any(a => a.Network == parts[0]))
            {
                result.AddError($"--net names network '{parts[0]}' twice.");
            }
            else
            {
                attachments.Add(new NetworkAttachment(parts[0], address));
            }
        }
        return [.. attachments];
    }

    /// <summary>
    /// An IPv6 address, or an IPv4 one in four dotted decimals: IPAddress.TryParse alone would also take
    /// "10.1.2" (as 10.1.0.2), a typo more likely than a wish.
    /// </summary>
    public static IPAddress? Address(string text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || DottedQuad().IsMatch(text))
            ? address
            : null;

    /// <summary>Bytes, or a number with Docker's suffixes b, k, m, g (powers of 1024): <c>512m</c>.</summary>
    public static long? ParseMemory(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var match = MemorySize().Match(text);
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            var shift = match.Groups[2].Value.ToUpperInvariant() switch { "K" => 10, "M" => 20, "G" => 30, _ => 0 };
            if (number <= long.MaxValue >> shift)
            {
                return number << shift;
            }
        }
        result.AddError($"--memory '{text}' must be a size like 67108864, 512m or 2g.");
        return null;
    }

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^([0-9]+)([bkmgBKMG]?)$")]
    private static partial Regex MemorySize();
}
