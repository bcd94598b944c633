using System.Globalization;
using Google.Protobuf.Reflection;
using Nfp.Pop.Protocol;
using Nfp.Cli.Output;

namespace Nfp.Cli.Pop;

/// <summary>
/// The table columns of each Pop message; JSON and YAML print every field instead. On a narrow terminal a
/// list cuts the ids first (<c>-f json</c> gives them whole), then the other columns; a container's STATUS
/// always stays.
/// </summary>
internal static class PopTables
{
    /// <summary>
    /// Lazy: the first use builds the Pop protocol's whole descriptor, and the tables are made with the command
    /// tree on every run of nfp, also of <c>nfp service</c> (docs/benchmarks.md, issue 16).
    /// </summary>
    private static readonly Lazy<EnumDescriptor> Status = new(() => Container.Descriptor.EnumTypes.Single(e => e.Name == nameof(Container.Types.Status)));

    public static readonly CliTable<Container> Containers = new(
        (CliColumn.Cut("NAME", 4, shortest: 12), c => string.Join(", ", c.Names)),
        (CliColumn.Kept("STATUS"), c => StatusName(c.Status)),
        (CliColumn.Cut("IMAGE", 2, shortest: 16), c => c.ImageId),
        (CliColumn.Cut("ADDRESSES", 3, shortest: 20), Addresses),
        (CliColumn.Cut("ID", 1, shortest: 9), c => c.Id));

    public static readonly CliTable<Image> Images = new(
        (CliColumn.Cut("NAMES", 3, shortest: 20), i => string.Join('\n', i.Names)),
        (CliColumn.Dropped("CREATED", 2), i => Time(i.Created)),
        (CliColumn.Cut("ID", 1, shortest: 16), i => i.Id));

    public static readonly CliTable<Network> Networks = new(
        (CliColumn.Cut("NAME", 4, shortest: 12), n => n.Name),
        (CliColumn.Cut("SUBNETS", 3, shortest: 20), n => string.Join('\n', n.Subnets.Select(s => $"{s.Cidr} via {s.Gateway}"))),
        (CliColumn.Dropped("EXTERNAL", 2), n => n.External ? "yes" : "no"),
        (CliColumn.Cut("ID", 1, shortest: 9), n => n.Id));

    public static readonly CliTable<Flavour> Flavours = new(
        (CliColumn.Cut("ID", 1, shortest: 9), f => f.Id),
        (CliColumn.Cut("NAME", 2, shortest: 12), f => f.Name));

    /// <summary>One line per entry, KEY and value, sorted by key.</summary>
    public static readonly CliRecord<Metadata> Metadata = new(
        md => md.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)));

    /// <summary>The proto's name of a status (RUNNING), as JSON and YAML print it.</summary>
    public static string StatusName(Container.Types.Status status) =>
        Status.Value.FindValueByNumber((int)status)?.Name ?? ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>network=address</c> per endpoint and address family, one a line.</summary>
    private static string Addresses(Container container) => string.Join('\n',
        container.Endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e =>
            new[] { e.Value.Ipv4, e.Value.Ipv6 }.Where(ip => !string.IsNullOrEmpty(ip?.Address)).Select(ip => $"{e.Key}={ip!.Address}")));

    private static string Time(long unixSeconds) => unixSeconds == 0 ? "-"
        : DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
