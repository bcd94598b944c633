using System.CommandLine;
using Nfp.Pop.Protocol;
using Nfp.Cli.Output;

namespace Nfp.Cli.Pop;

/// <summary>
/// <c>servers</c>, <c>images</c>, <c>networks</c>, <c>flavours</c>: what the popd has, each narrowed to one
/// name by an optional NAME; a NAME that matches nothing is NOT_FOUND (exit 15), not an empty list.
/// <c>servers</c> lists containers: the original openbaton-docker CLI called them servers, as OpenStack does.
/// </summary>
internal static class ListCommands
{
    public static IEnumerable<Command> Create(PopCli cli)
    {
        yield return List(cli, "servers", "List containers: name, status, image, addresses, id.", "container", PopTables.Containers,
            (client, filter, ct) => client.ContainersAsync(filter, ct));
        yield return List(cli, "images", "List the images containers can be created from (NAME: a repo:tag).", "image", PopTables.Images,
            (client, filter, ct) => client.ImagesAsync(filter, ct));
        yield return List(cli, "networks", "List networks and their subnets.", "network", PopTables.Networks,
            (client, filter, ct) => client.NetworksAsync(filter, ct));
        yield return List(cli, "flavours", "List flavours (popd has one: docker.container).", "flavour", PopTables.Flavours,
            (client, filter, ct) => client.FlavoursAsync(filter, ct));
    }

    private static Command List<T>(PopCli cli, string name, string description, string what, CliTable<T> table,
        Func<Nfp.Pop.Client.PopClient, Filter, CancellationToken, Task<IReadOnlyList<T>>> list)
        where T : Google.Protobuf.IMessage
    {
        var only = new Argument<string?>("NAME") { Description = $"only the {what} of this name", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { only };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (client, output, token) =>
        {
            var wanted = parse.GetValue(only);
            var items = await list(client, wanted is null ? new Filter() : new Filter { Name = wanted }, token);
            if (wanted is not null && items.Count == 0)
            {
                throw NamedNotFound.Error(what, wanted);
            }
            output.List(items, table);
        }, ct));
        return command;
    }
}
