using System.CommandLine;
using Grpc.Core;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;
using Nfp.Cli.Output;

namespace Nfp.Cli.Pop;

/// <summary>
/// A container's life: <c>create</c>, <c>spawn</c> (create and start in one go), <c>start</c>, <c>stop</c>,
/// <c>delete</c>, each naming the container by NAME.
/// <list type="bullet">
/// <item><c>create NAME --image IMAGE [--net NAME[=IP]]... [--md KEY=VALUE]... [--secrets DIR] [--cap-add CAP]... [--memory SIZE]
/// [--cpuset-cpus LIST]</c>: Create, then Metadata when <c>--md</c> or <c>--secrets</c> is given; prints the CREATED
/// container. Without <c>--net</c> popd puts it on its default network. <c>--secrets DIR</c>: each file of DIR is
/// secret metadata named by the file (<see cref="SecretFiles"/>), in the container as /run/secrets/KEY.</item>
/// <item><c>spawn</c>: the same options, then Start; prints the RUNNING container.</item>
/// <item><c>start</c> prints the RUNNING container; <c>stop</c> (the container goes EXITED) and <c>delete</c> print nothing.</item>
/// </list>
/// Create and spawn are all or nothing: when a step after Create fails, the container is deleted again
/// and the step's error is reported, so no half-made container is left behind.
/// </summary>
internal static class ContainerCommands
{
    /// <summary>How long undoing a failed create or spawn may take, even once the command is cancelled.</summary>
    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromSeconds(30);

    public static IEnumerable<Command> Create(PopCli cli)
    {
        yield return Creating(cli, "create", "Create a container (CREATED: nothing runs yet, metadata can still change).", start: false);
        yield return Creating(cli, "spawn", "Create a container, set its metadata and start it.", start: true);
        yield return OnOne(cli, "start", "Start a CREATED container.", async (client, filter, output, ct) =>
            output.One(await client.StartAsync(filter, ct), PopTables.Containers.Record));
        yield return OnOne(cli, "stop", "Stop a RUNNING container; it goes EXITED and releases its addresses.", (client, filter, _, ct) =>
            client.StopAsync(filter, ct));
        yield return OnOne(cli, "delete", "Delete a container, stopping it first if it runs.", (client, filter, _, ct) =>
            client.DeleteAsync(filter, ct));
    }

    private static Command Creating(PopCli cli, string name, string description, bool start)
    {
        var container = PopArguments.Name("container");
        var image = new Option<string>("--image") { Description = "the image, as repo:tag or id (popd never pulls)", Required = true };
        var networks = new Option<NetworkAttachment[]>("--net")
        {
            Description = "a network to attach to, at IP or the next free address; repeatable [default: popd's default network]",
            HelpName = "NAME[=IP]",
            CustomParser = PopArguments.ParseNetworks,
        };
        var metadata = new Option<MetadataEntry[]>("--md")
        {
            Description = "metadata, the container's environment; KEY alone takes the value of the environment variable KEY (for secrets); repeatable",
            HelpName = "KEY[=VALUE]",
            CustomParser = PopArguments.ParseMetadata,
        };
        var secrets = new Option<DirectoryInfo>("--secrets")
        {
            Description = "a folder of secret metadata, one file per KEY: in the container as /run/secrets/KEY, never in its environment or popd's answers",
            HelpName = "DIR",
        };
        secrets.AcceptExistingOnly();
        var capabilities = new Option<string[]>("--cap-add") { Description = "a Linux capability to add, e.g. NET_ADMIN; repeatable", HelpName = "CAP" };
        var memory = new Option<long?>("--memory")
        {
            Description = "memory limit: bytes or a size like 512m, 2g",
            HelpName = "SIZE",
            CustomParser = PopArguments.ParseMemory,
        };
        var cpus = new Option<string?>("--cpuset-cpus") { Description = "CPUs the container may use, e.g. 0-1 or 0,2", HelpName = "LIST" };
        var command = new Command(name, description) { container, image, networks, metadata, secrets, capabilities, memory, cpus };
        command.SetAction((parse, ct) => cli.RunAsync(parse, async (client, output, token) =>
        {
            var config = new ContainerConfig
            {
                Name = parse.GetRequiredValue(container),
                ImageId = parse.GetRequiredValue(image),
                Options = new ResourceOptions
                {
                    CapAdd = { parse.GetValue(capabilities) ?? [] },
                    MemoryBytes = parse.GetValue(memory) ?? 0,
                    CpusetCpus = parse.GetValue(cpus) ?? "",
                },
            };
            foreach (var attachment in parse.GetValue(networks) ?? [])
            {
                config.Endpoints[attachment.Network] = attachment.ToEndpoint();
            }
            var entries = parse.GetValue(metadata) ?? [];
            var secretEntries = parse.GetValue(secrets) is { } folder ? SecretFiles.Read(folder.FullName) : [];
            output.One(await CreateAsync(client, config, entries, secretEntries, start, token), PopTables.Containers.Record);
        }, ct));
        return command;
    }

    /// <summary>Create, Metadata if any, Start if asked; deletes the container again when a later step fails.</summary>
    private static async Task<Container> CreateAsync(PopClient client, ContainerConfig config, MetadataEntry[] entries,
        Dictionary<string, string> secrets, bool start, CancellationToken cancellationToken)
    {
        var created = await client.CreateAsync(config, cancellationToken);
        var filter = new Filter { Id = created.Id };
        try
        {
            var anyMetadata = entries.Length > 0 || secrets.Count > 0;
            if (anyMetadata)
            {
                await client.SetMetadataAsync(filter, PopArguments.Entries(entries), secrets, cancellationToken);
            }
            return start ? await client.StartAsync(filter, cancellationToken)
                : anyMetadata ? (await client.ContainersAsync(filter, cancellationToken)).Single()
                : created;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            using var rollback = new CancellationTokenSource(RollbackTimeout);
            try
            {
                await client.DeleteAsync(filter, rollback.Token);
            }
            catch (Exception undo) when (undo is RpcException or OperationCanceledException)
            {
                // The step's error is the one to report; the container is left for `nfp pop delete`.
            }
            throw;
        }
    }

    private static Command OnOne(PopCli cli, string name, string description, Func<PopClient, Filter, CliOutput, CancellationToken, Task> act)
    {
        var container = PopArguments.Name("container");
        var command = new Command(name, description) { container };
        command.SetAction((parse, ct) => cli.RunAsync(parse, (client, output, token) =>
            act(client, new Filter { Name = parse.GetRequiredValue(container) }, output, token), ct));
        return command;
    }
}
