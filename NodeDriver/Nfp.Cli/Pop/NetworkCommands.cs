using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Nfp.Pop.Protocol;

namespace Nfp.Cli.Pop;

/// <summary>
/// <c>network create NAME --ipv4 CIDR [--gateway IP] [--ipv6 CIDR] [--external]</c> makes a Docker bridge
/// network through popd and prints it; the gateway defaults to the subnet's first address. An internal
/// network (no <c>--external</c>) does not reach beyond the host. <c>network delete NAME</c> removes a network
/// no container holds an address on (FAILED_PRECONDITION otherwise: exit 19) and prints nothing.
/// </summary>
internal static class NetworkCommands
{
    public static Command Create(PopCli cli) => new("network", "Create or delete a network.")
    {
        CreateNetwork(cli),
        DeleteNetwork(cli),
    };

    private static Command CreateNetwork(PopCli cli)
    {
        var network = PopArguments.Name("network");
        var ipv4 = new Option<string>("--ipv4")
        {
            Description = "the IPv4 subnet, e.g. 10.10.0.0/24",
            HelpName = "CIDR",
            Required = true,
            CustomParser = result => Cidr(result, AddressFamily.InterNetwork),
        };
        var gateway = new Option<string?>("--gateway")
        {
            Description = "the IPv4 gateway [default: the subnet's first address]",
            HelpName = "IP",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (PopArguments.Address(text) is { AddressFamily: AddressFamily.InterNetwork })
                {
                    return text;
                }
                result.AddError($"--gateway '{text}' is not an IPv4 address.");
                return null;
            },
        };
        var ipv6 = new Option<string?>("--ipv6")
        {
            Description = "an IPv6 subnet as well, e.g. fd00:10::/64",
            HelpName = "CIDR",
            CustomParser = result => Cidr(result, AddressFamily.InterNetworkV6),
        };
        var external = new Option<bool>("--external") { Description = "let the network reach beyond the host" };
        var command = new Command("create", "Create a network.") { network, ipv4, gateway, ipv6, external };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (client, output, token) =>
        {
            var config = new NetworkConfig
            {
                Name = parse.GetRequiredValue(network),
                Ipv4 = new Subnet { Cidr = parse.GetRequiredValue(ipv4), Gateway = parse.GetValue(gateway) ?? "" },
                Ipv6 = parse.GetValue(ipv6) is { } cidr ? new Subnet { Cidr = cidr } : null,
                External = parse.GetValue(external),
            };
            output.One(await client.CreateNetworkAsync(config, token), PopTables.Networks.Record);
        }, ct));
        return command;
    }

    private static Command DeleteNetwork(PopCli cli)
    {
        var network = PopArguments.Name("network");
        var command = new Command("delete", "Delete a network no container is on.") { network };
        command.SetAction((parse, ct) => cli.RunAsync(parse, (client, _, token) =>
            client.DeleteNetworkAsync(new Filter { Name = parse.GetRequiredValue(network) }, token), ct));
        return command;
    }

    private static string? Cidr(System.CommandLine.Parsing.ArgumentResult result, AddressFamily family)
    {
        var text = result.Tokens.Single().Value;
        if (IPNetwork.TryParse(text, out var subnet) && subnet.BaseAddress.AddressFamily == family)
        {
            return text;
        }
        result.AddError($"'{text}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} subnet like {(family == AddressFamily.InterNetwork ? "10.10.0.0/24" : "fd00:10::/64")}.");
        return null;
    }
}
