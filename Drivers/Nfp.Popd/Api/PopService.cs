using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Nfp.Pop.Protocol;
using Nfp.Popd.Auth;
using Nfp.Popd.Configuration;
using Nfp.Popd.Containers;
using Nfp.Popd.Engine;
using Nfp.Popd.Networking;

namespace Nfp.Popd.Api;

/// <summary>The Pop gRPC service: each RPC hands over to the part of popd that does the work.</summary>
[BindServiceMethod(typeof(PopRequestParsing), nameof(PopRequestParsing.BindService))]
internal sealed class PopService(
    ContainerLifecycle containers, ContainerNetworking plugs, ContainerEvents events, PopNetworks networks, DockerEngine engine, Authenticator authenticator, TokenStore tokens,
    IOptions<PopdOptions> options) : Pop.Protocol.Pop.PopBase
{
    private static readonly Empty Done = new();

    public override async Task<ContainerList> Containers(Filter request, ServerCallContext context) =>
        new() { List = { await containers.ListAsync(request, context.CancellationToken) } };

    public override Task<FlavourList> Flavours(Filter request, ServerCallContext context)
    {
        var flavour = new Flavour { Id = ContainerMapping.Flavour, Name = ContainerMapping.Flavour };
        var matches = request.OptionsCase switch
        {
            Filter.OptionsOneofCase.Id => request.Id == flavour.Id,
            Filter.OptionsOneofCase.Name => request.Name == flavour.Name,
            _ => true,
        };
        return Task.FromResult(matches ? new FlavourList { List = { flavour } } : new FlavourList());
    }

    public override async Task<ImageList> Images(Filter request, ServerCallContext context)
    {
        var images = (await engine.ListImagesAsync(context.CancellationToken))
            .Where(image => request.OptionsCase switch
            {
                Filter.OptionsOneofCase.Id => image.ID == request.Id,
                Filter.OptionsOneofCase.Name => ImageReference.Names(request.Name, image.RepoTags, image.RepoDigests),
                _ => true,
            })
            .Select(image => new Image
            {
                Id = image.ID,
                Names = { image.RepoTags ?? [] },
                Created = new DateTimeOffset(DateTime.SpecifyKind(image.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            });
        return new ImageList { List = { images } };
    }

    public override async Task<NetworkList> Networks(Filter request, ServerCallContext context) =>
        new() { List = { await networks.ListAsync(request, context.CancellationToken) } };

    public override Task<Container> Create(ContainerConfig request, ServerCallContext context) =>
        containers.CreateAsync(request, context.CancellationToken);

    public override async Task<Empty> Delete(Filter request, ServerCallContext context)
    {
        await containers.DeleteAsync(request, context.CancellationToken);
        return Done;
    }

    public override async Task<Empty> Metadata(NewMetadata request, ServerCallContext context)
    {
        await containers.SetMetadataAsync(request, context.CancellationToken);
        return Done;
    }

    public override Task<Container> Start(Filter request, ServerCallContext context) =>
        containers.StartAsync(request, context.CancellationToken);

    public override async Task<Empty> Stop(Filter request, ServerCallContext context)
    {
        // The original stops within the request's deadline when it has one.
        TimeSpan? timeout = context.Deadline == DateTime.MaxValue ? null : context.Deadline - DateTime.UtcNow;
        await containers.StopAsync(request, timeout, context.CancellationToken);
        return Done;
    }

    public override async Task<Token> Login(Credentials request, ServerCallContext context) =>
        new() { Value = await authenticator.LoginAsync(request.Username, request.Password, PeerAddress(context.Peer), context.CancellationToken) };

    /// <summary>The caller's address without its port (gRPC's peer is "ipv4:127.0.0.1:51234").</summary>
    private static string PeerAddress(string peer) => peer.LastIndexOf(':') is var colon and > 0 ? peer[..colon] : peer;

    public override async Task<Empty> Logout(Empty request, ServerCallContext context)
    {
        await tokens.RevokeAsync(context.RequestHeaders.GetValue(TokenInterceptor.MetadataKey)!, context.CancellationToken);
        return Done;
    }

    public override Task<Infos> Info(Empty request, ServerCallContext context) =>
        Task.FromResult(new Infos { Type = "docker", Name = options.Value.PopName, Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });

    public override Task<Network> CreateNetwork(NetworkConfig request, ServerCallContext context) =>
        networks.CreateAsync(request, context.CancellationToken);

    public override async Task<Empty> DeleteNetwork(Filter request, ServerCallContext context)
    {
        await networks.DeleteAsync(request, context.CancellationToken);
        return Done;
    }

    public override Task<Container> Plug(PlugRequest request, ServerCallContext context) =>
        plugs.PlugAsync(request, context.CancellationToken);

    public override Task<Container> Unplug(UnplugRequest request, ServerCallContext context) =>
        plugs.UnplugAsync(request, context.CancellationToken);

    public override async Task Watch(Filter request, IServerStreamWriter<Container> responseStream, ServerCallContext context)
    {
        // Subscribed before the current state is read, so that no change falls between the two.
        var changes = events.Subscribe(context.CancellationToken);
        foreach (var container in await containers.ListAsync(request, context.CancellationToken))
        {
            await responseStream.WriteAsync(container, context.CancellationToken);
        }
        await foreach (var container in changes.ReadAllAsync(context.CancellationToken))
        {
            var matches = request.OptionsCase switch
            {
                Filter.OptionsOneofCase.Id => container.Id == request.Id,
                Filter.OptionsOneofCase.Name => container.Names.Contains(request.Name),
                _ => true,
            };
            if (matches)
            {
                await responseStream.WriteAsync(container, context.CancellationToken);
            }
        }
    }
}
