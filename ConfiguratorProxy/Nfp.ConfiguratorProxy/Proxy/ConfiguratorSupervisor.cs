using Microsoft.Extensions.Options;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>
/// Keeps the configurator running (when <see cref="SuperviseOptions.Pop"/> is set): follows its container
/// on popd's Watch stream, points the proxy at the container while it runs, and when it dies (FAILED or
/// EXITED: popd tells within moments of Docker) points it nowhere and makes the container again — deleted,
/// then created with the same name, image, options, metadata and addresses (popd kept them reserved
/// for it), its secret metadata from <see cref="SuperviseOptions.Secrets"/> (popd never answers a secret,
/// so the proxy keeps what it must give again), and started. The new configurator is a new instance: the manager's next pull sees that and
/// gives it every monitor again. A container deleted on purpose (UNAVAILABLE) is not made again.
/// </summary>
internal sealed partial class ConfiguratorSupervisor(
    IOptions<ProxyOptions> options, ConfiguratorTarget target, ILogger<ConfiguratorSupervisor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var supervise = options.Value.Supervise;
        if (supervise.Pop.Length == 0)
        {
            return;
        }
        var pop = PopClient.For(new PopClientOptions(supervise.Pop, supervise.Username, supervise.Password));
        await pop.FollowAsync(new Filter { Name = supervise.Container }, container => FollowAsync(pop, container, supervise, stoppingToken),
            e => LogPopLost(e.Status.Detail), stoppingToken);
    }

    private async Task FollowAsync(PopClient pop, Container container, SuperviseOptions supervise, CancellationToken cancellationToken)
    {
        switch (container.Status)
        {
            case Container.Types.Status.Running when container.Endpoints.Values.FirstOrDefault()?.Ipv4?.Address is { Length: > 0 } address:
                target.Set(address, supervise.Port);
                LogRunning(supervise.Container, address);
                break;
            case Container.Types.Status.Failed or Container.Types.Status.Exited:
                target.Clear();
                LogDied(supervise.Container, container.ExtendedStatus);
                await MakeAgainAsync(pop, container, supervise, cancellationToken);
                break;
            case Container.Types.Status.Unavailable:
                target.Clear();
                break;
        }
    }

    /// <summary>The dead container deleted and made again as it was; its Running state then comes on the stream.</summary>
    private static async Task MakeAgainAsync(PopClient pop, Container dead, SuperviseOptions supervise, CancellationToken cancellationToken)
    {
        var config = new ContainerConfig { Name = dead.Names[0], ImageId = dead.ImageId, Options = dead.Options };
        foreach (var (network, endpoint) in dead.Endpoints)
        {
            config.Endpoints[network] = new Nfp.Pop.Protocol.Endpoint { Ipv4 = new Ip { Address = endpoint.Ipv4.Address } };
        }
        await pop.DeleteAsync(new Filter { Id = dead.Id }, cancellationToken);
        var made = await pop.CreateAsync(config, cancellationToken);
        var secrets = supervise.Secrets.Length == 0 ? [] : SecretFiles.Read(supervise.Secrets);
        var metadata = dead.Md?.Entries ?? [];
        if (metadata.Count > 0 || secrets.Count > 0)
        {
            await pop.SetMetadataAsync(new Filter { Id = made.Id }, metadata, secrets, cancellationToken);
        }
        await pop.StartAsync(new Filter { Id = made.Id }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The configurator's container {Container} runs at {Address}.")]
    private partial void LogRunning(string container, string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "The configurator's container {Container} died ({Reason}); making it again at the same address.")]
    private partial void LogDied(string container, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "popd's Watch stream broke ({Reason}); following the configurator again in 1 s.")]
    private partial void LogPopLost(string reason);
}
