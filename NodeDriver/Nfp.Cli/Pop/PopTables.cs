using System.Globalization;
using Google.Protobuf.Reflection;
using Nfp.Pop.Protocol;
using Nfp.Cli.Output;

namespace Nfp.Cli.Pop;

/// <summary>The table columns of each Pop message; JSON and YAML print every field instead.</summary>
internal static class PopTables
{
    private static readonly EnumDescriptor Status = Container.Descriptor.EnumTypes.Single(e => e.Name == nameof(Container.Types.Status));

    public static readonly CliTable<Container> Containers = CliTable<Container>.RowEach(
        ("NAME", c => string.Join(", ", c.Names)),
        ("STATUS", c => StatusName(c.Status)),
        ("IMAGE", c => c.ImageId),
        ("ADDRESSES", Addresses),
        ("ID", c => c.Id));

    public static readonly CliTable<Image> Images = CliTable<Image>.RowEach(
        ("NAMES", i => string.Join('\n', i.Names)),
        ("CREATED", i => Time(i.Created)),
        ("ID", i => i.Id));

    public static readonly CliTable<Network> Networks = CliTable<Network>.RowEach(
        ("NAME", n => n.Name),
        ("SUBNETS", n => string.Join('\n', n.Subnets.Select(s => $"{s.Cidr} via {s.Gateway}"))),
        ("EXTERNAL", n => n.External ? "yes" : "no"),
        ("ID", n => n.Id));

    public static readonly CliTable<Flavour> Flavours = CliTable<Flavour>.RowEach(
        ("ID", f => f.Id),
        ("NAME", f => f.Name));

    /// <summary>One row per entry, sorted by key.</summary>
    public static readonly CliTable<Metadata> Metadata = new(["KEY", "VALUE"],
        md => md.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (IReadOnlyList<string>)[e.Key, e.Value]));

    /// <summary>The proto's name of a status (RUNNING), as JSON and YAML print it.</summary>
    public static string StatusName(Container.Types.Status status) =>
        Status.FindValueByNumber((int)status)?.Name ?? ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>network=address</c> per endpoint and address family, one a line.</summary>
    private static string Addresses(Container container) => string.Join('\n',
        container.Endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e =>
            new[] { e.Value.Ipv4, e.Value.Ipv6 }.Where(ip => !string.IsNullOrEmpty(ip?.Address)).Select(ip => $"{e.Key}={ip!.Address}")));

    private static string Time(long unixSeconds) => unixSeconds == 0 ? "-"
        : DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
