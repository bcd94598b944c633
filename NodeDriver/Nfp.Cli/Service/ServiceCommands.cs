using System.CommandLine;
using System.Text.Json;
using Nfp.Cli.Manager;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>
/// The <c>nfp service</c> commands. Writes print what the manager accepted (id, PENDING_* status,
/// operation); with <c>--wait</c> they follow the operation's steps as they run (one line each on stderr:
/// when it ended since the first began, the step, how long it took, its outcome) until the service is ACTIVE
/// (DELETED for a delete) and print it then, or fail if it settles in ERROR.
/// <list type="bullet">
/// <item><c>create --tenant UUID --type loadbalancer|firewall|vpn --vendor VENDOR --port CLASS:NETWORK[=IP]...
/// [--name N] [--description D] [--config JSON|@FILE] [--chain UUID] [--sharing] [--topology single|active_standby] [--wait] [--timeout SECONDS]</c>
/// [--member [NAME=]IP]...: CLASS is provider, consumer, management or monitoring; each port gets a new id. Each
/// <c>--member</c> is a policy target of the service's provider group (a load balancer's backend), each with a new id,
/// all in one new group.</item>
/// <item><c>update SERVICE --config JSON|@FILE [--wait]</c>, <c>delete SERVICE [--wait]</c>, <c>retry SERVICE [--wait]</c>,
/// <c>failover SERVICE [--wait]</c>; and <c>nfp nsd failover NSD [--wait]</c> for a device.</item>
/// <item><c>list [--tenant UUID] [--status STATUS] [--limit N] [--marker ID] [--all]</c>: one page of at most N
/// (default 100) after the service ID, or with <c>--all</c> every page to the last; a page with more after it
/// is followed by <c>more: nfp service list … --marker ID</c> on stderr.</item>
/// <item><c>show SERVICE</c>.</item>
/// </list>
/// SERVICE is the service's id, or its name: see <see cref="ServiceNames"/>.
/// </summary>
internal static class ServiceCommands
{
    public static IEnumerable<Command> Create(ServiceCli cli)
    {
        yield return CreateCommand(cli);
        yield return UpdateCommand(cli);
        yield return DeleteCommand(cli);
        yield return RetryCommand(cli);
        yield return FailoverCommand(cli);
        yield return ListCommand(cli);
        yield return ShowCommand(cli);
    }

    private static Option<bool> Wait() => new("--wait") { Description = "wait until the service is at rest, and print it" };

    private static Option<int> Timeout() => new("--timeout") { Description = "how long --wait waits, in seconds", DefaultValueFactory = _ => 300 };

    /// <summary>
    /// <c>--config JSON</c>, or <c>--config @FILE</c> to read it from a file (as curl's <c>-d @FILE</c>), so that a
    /// config holding a key (a VPN's <c>psk</c>) never shows in a command line: a service_config, read as JSON
    /// here so that a typo is a usage error, not a round trip.
    /// </summary>
    private static Option<JsonElement?> Config(string description, bool required) => new("--config")
    {
        Description = description + " (or @FILE: read from that file)",
        HelpName = "json",
        Required = required,
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            try
            {
                using var document = JsonDocument.Parse(value.StartsWith('@') ? File.ReadAllText(value[1..]) : value);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                result.AddError($"--config must be a JSON object: {e.Message}");
            }
            catch (IOException e)
            {
                result.AddError($"--config {value}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                result.AddError($"--config {value}: {e.Message}");
            }
            return null;
        },
    };

    private static Argument<string> Service() => new("service") { Description = "the network service's id, or its name (if only one service that is not DELETED has it)" };

    private static Command CreateCommand(ServiceCli cli)
    {
        var tenant = new Option<Guid>("--tenant") { Description = "the tenant's id", Required = true };
        var type = new Option<string>("--type") { Description = "the service type", Required = true };
        type.AcceptOnlyFromAmong("loadbalancer", "firewall", "vpn");
        var vendor = new Option<string>("--vendor") { Description = "the vendor (picks the lifecycle driver)", Required = true };
        var ports = new Option<PortInfoRequest[]>("--port")
        {
            Description = "a port: CLASS:NETWORK[=IP], CLASS being provider, consumer, management or monitoring",
            HelpName = "class:network[=ip]",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result => result.Tokens.Select(token => ParsePort(token.Value) ?? Invalid(result, token.Value)).ToArray(),
        };
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "" };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var config = Config("the service's device-specific config, a JSON object", required: false);
        var chain = new Option<Guid?>("--chain") { Description = "the service chain's id" };
        var sharing = new Option<bool>("--sharing") { Description = "let a device of the tenant and vendor render it along with others" };
        var topology = new Option<string>("--topology")
        {
            Description = "single (one device, the default) or active_standby (a pair of devices; loadbalancer and firewall)",
            DefaultValueFactory = _ => "single",
        };
        topology.AcceptOnlyFromAmong("single", "active_standby");
        var members = new Option<PolicyTarget[]>("--member")
        {
            Description = "a member of the provider group (a load balancer's backend): [NAME=]IP; repeatable",
            HelpName = "[name=]ip",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var group = Guid.NewGuid();
                return result.Tokens.Select(token => ParseMember(token.Value, group) ?? InvalidMember(result, token.Value)).ToArray();
            },
        };
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("create", "Create a network service.")
        {
            tenant, type, vendor, ports, name, description, config, chain, sharing, topology, members, wait, timeout,
        };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var request = new CreateNetworkService(
                parse.GetValue(tenant), Guid.NewGuid(),
                new ServiceProfile(Guid.NewGuid(), NfpJson.ParseWireName<ServiceType>(parse.GetValue(type)!), parse.GetValue(vendor)!, parse.GetValue(sharing),
                    NfpJson.ParseWireName<ServiceTopology>(parse.GetValue(topology)!)),
                parse.GetValue(ports) ?? [], parse.GetValue(name)!, parse.GetValue(description)!, parse.GetValue(chain), parse.GetValue(config),
                parse.GetValue(members) is { Length: > 0 } targets ? targets : null);
            var accepted = await client.CreateAsync(request, ct);
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), ProvisioningStatus.Active, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    private static Command UpdateCommand(ServiceCli cli)
    {
        var service = Service();
        var config = Config("the new device-specific config, a JSON object", required: true);
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("update", "Replace a service's config (it must be ACTIVE, or ERROR to retry).") { service, config, wait, timeout };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var id = await ServiceNames.IdAsync(client, parse.GetValue(service)!, ct);
            var accepted = await client.UpdateAsync(id, parse.GetValue(config), ct);
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), ProvisioningStatus.Active, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    private static Command DeleteCommand(ServiceCli cli)
    {
        var service = Service();
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("delete", "Delete a service (a create still running is cancelled).") { service, wait, timeout };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var id = await ServiceNames.IdAsync(client, parse.GetValue(service)!, ct);
            var accepted = await client.DeleteAsync(id, ct);
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), ProvisioningStatus.Deleted, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    private static Command RetryCommand(ServiceCli cli)
    {
        var service = Service();
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("retry", "Run again the failed operation that put a service in ERROR, from its first step.") { service, wait, timeout };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var id = await ServiceNames.IdAsync(client, parse.GetValue(service)!, ct);
            var accepted = await client.RetryAsync(id, ct);
            var until = accepted.ProvisioningStatus == ProvisioningStatus.PendingDelete ? ProvisioningStatus.Deleted : ProvisioningStatus.Active;
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), until, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    private static Command FailoverCommand(ServiceCli cli)
    {
        var service = Service();
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("failover", "Replace the device rendering a service with a new one at the same addresses.") { service, wait, timeout };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var id = await ServiceNames.IdAsync(client, parse.GetValue(service)!, ct);
            var accepted = await client.FailoverAsync(id, ct);
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), ProvisioningStatus.Active, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    /// <summary><c>nfp nsd failover NSD [--wait]</c>: the failover of a device and of every service it renders.</summary>
    public static Command NsdFailoverCommand(ServiceCli cli)
    {
        var nsd = new Argument<Guid>("nsd") { Description = "the network service device's id" };
        var (wait, timeout) = (Wait(), Timeout());
        var command = new Command("failover", "Replace a device with a new one at the same addresses, with every service it renders.") { nsd, wait, timeout };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var accepted = await client.FailoverNsdAsync(parse.GetValue(nsd), ct);
            await PrintAsync(cli, client, output, accepted, parse.GetValue(wait), ProvisioningStatus.Active, parse.GetValue(timeout), ct);
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand(ServiceCli cli)
    {
        var tenant = new Option<Guid?>("--tenant") { Description = "only this tenant's services" };
        var status = new Option<string?>("--status") { Description = "only services in this provisioning status" };
        status.AcceptOnlyFromAmong(Enum.GetValues<ProvisioningStatus>().Select(NfpJson.WireName).ToArray());
        var limit = new Option<int>("--limit") { Description = "at most this many a page", DefaultValueFactory = _ => 100 };
        var marker = new Option<Guid?>("--marker") { Description = "start after this service (the id a page ends with)", HelpName = "id" };
        var all = new Option<bool>("--all") { Description = "every page, to the last" };
        var command = new Command("list", "List network services, oldest first, a page at a time.") { tenant, status, limit, marker, all };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var wanted = parse.GetValue(status) is { } text ? NfpJson.ParseWireName<ProvisioningStatus>(text) : (ProvisioningStatus?)null;
            var request = new GetNetworkServices(parse.GetValue(tenant), ProvisioningStatus: wanted, Limit: parse.GetValue(limit), Marker: parse.GetValue(marker));
            if (parse.GetValue(all))
            {
                output.Records(await ServicePages.AllAsync(client, request, ct), ServiceTables.Services);
                return;
            }
            var page = await client.ListAsync(request, ct);
            output.Records(page.NetworkServices, ServiceTables.Services);
            if (page.NextMarker is { } next)
            {
                // On stderr, so that stdout stays one table, or valid JSON or YAML.
                await cli.Error.WriteLineAsync($"more: nfp service list{Given(parse, tenant, status, limit)} --marker {next}");
            }
        }, cancellationToken));
        return command;
    }

    /// <summary>The <paramref name="options"/> the command line gave, as it gave them: the next page's command repeats them.</summary>
    private static string Given(ParseResult parse, params Option[] options) => string.Concat(options
        .Select(parse.GetResult)
        .OfType<System.CommandLine.Parsing.OptionResult>()
        .Where(result => !result.Implicit)
        .Select(result => $" {result.Option.Name} {string.Join(' ', result.Tokens.Select(token => token.Value))}"));

    private static Command ShowCommand(ServiceCli cli)
    {
        var service = Service();
        var command = new Command("show", "Show one network service.") { service };
        command.SetAction((parse, cancellationToken) => cli.RunAsync(parse, async (client, output, ct) =>
        {
            var id = await ServiceNames.IdAsync(client, parse.GetValue(service)!, ct);
            output.Record(await client.GetAsync(id, ct), ServiceTables.Detail);
        }, cancellationToken));
        return command;
    }

    private static async Task PrintAsync(
        ServiceCli cli, ManagerClient client, Output.CliOutput output, NetworkServiceAccepted accepted, bool wait, ProvisioningStatus until,
        int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (!wait)
        {
            output.Record(accepted, ServiceTables.Accepted);
            return;
        }
        // The steps as they run on stderr, so that stdout stays one record (or valid JSON or YAML).
        await cli.Error.WriteLineAsync($"network service {accepted.NetworkServiceId}, operation {accepted.OperationId}:");
        var service = await client.WaitAsync(accepted, until, TimeSpan.FromSeconds(timeoutSeconds), cli.Error, cancellationToken);
        output.Record(service, ServiceTables.Detail);
    }

    /// <summary>CLASS:NETWORK[=IP], e.g. provider:tenant-web=10.0.2.10; null when malformed.</summary>
    private static PortInfoRequest? ParsePort(string text)
    {
        var (head, ip) = text.Split('=', 2) is [var h, var a] ? (h, a) : (text, "");
        if (head.Split(':', 2) is not [var classification, var network] || network.Length == 0)
        {
            return null;
        }
        try
        {
            return new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, NfpJson.ParseWireName<PortClassification>(classification), network,
                IpAddress: ip);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>[NAME=]IP, e.g. web1=10.0.3.11; null when the address is not an IP address (the manager checks the rest).</summary>
    private static PolicyTarget? ParseMember(string text, Guid group)
    {
        var (name, ip) = text.Split('=', 2) is [var n, var a] ? (n, a) : ("", text);
        return Schema.Validation.NetworkText.IsAddress(ip) ? new PolicyTarget(Guid.NewGuid(), group, ip, name) : null;
    }

    private static PolicyTarget InvalidMember(System.CommandLine.Parsing.ArgumentResult result, string token)
    {
        result.AddError($"--member '{token}' must be [NAME=]IP, e.g. web1=10.0.3.11.");
        return null!;
    }

    private static PortInfoRequest Invalid(System.CommandLine.Parsing.ArgumentResult result, string token)
    {
        result.AddError($"--port '{token}' must be CLASS:NETWORK[=IP] with CLASS provider, consumer, management or monitoring.");
        return null!;
    }
}
