using System.CommandLine;
using Nfp.Pop.Protocol;

namespace Nfp.Cli.Pop;

/// <summary>
/// <c>md get NAME</c> prints a container's metadata (table: each KEY and its value on a line; json/yaml: the Metadata message,
/// <c>{"entries": {...}}</c>). <c>md set NAME KEY=VALUE...</c> adds or replaces those keys, an empty value
/// (<c>KEY=</c>) deleting the key, and prints nothing. popd takes metadata only before the container
/// starts (FAILED_PRECONDITION after: exit 19); it becomes the container's environment.
/// </summary>
internal static class MetadataCommands
{
    public static Command Create(PopCli cli) => new("md", "Read or change a container's metadata (its environment once started).")
    {
        Get(cli),
        Set(cli),
    };

    private static Command Get(PopCli cli)
    {
        var container = PopArguments.Name("container");
        var command = new Command("get", "Print a container's metadata.") { container };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (client, output, token) =>
        {
            var name = parse.GetRequiredValue(container);
            var found = (await client.ContainersAsync(new Filter { Name = name }, token)).SingleOrDefault()
                ?? throw NamedNotFound.Error("container", name);
            output.One(found.Md ?? new Nfp.Pop.Protocol.Metadata(), PopTables.Metadata);
        }, ct));
        return command;
    }

    private static Command Set(PopCli cli)
    {
        var container = PopArguments.Name("container");
        var entries = new Argument<MetadataEntry[]>("KEY=VALUE")
        {
            Description = "the entries to set; KEY= deletes KEY",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = PopArguments.ParseMetadata,
        };
        var command = new Command("set", "Set (or with an empty value delete) metadata of a CREATED container.") { container, entries };
        command.SetAction((parse, ct) => cli.RunAsync(parse, (client, _, token) =>
            client.SetMetadataAsync(new Filter { Name = parse.GetRequiredValue(container) }, PopArguments.Entries(parse.GetRequiredValue(entries)), token), ct));
        return command;
    }
}
