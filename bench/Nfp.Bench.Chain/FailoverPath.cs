using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Chain;

/// <summary>
/// The failover measured: a load balancer made through the manager, its device's container killed with
/// Docker, timed until the VIP answers a GET again — from a client container on the consumer network
/// (<c>docker exec … busybox wget</c> every 100 ms, so the time is known to about 150 ms) — with no
/// request to the manager: popd tells the death, the manager fails the device over. Between kills the
/// bench waits until the failover's operation has COMPLETED, so that each kill is of a device at rest.
/// </summary>
internal sealed class FailoverPath(DockerClient docker, BenchStack stack, ChainNetworks networks)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    /// <summary>The client container's name.</summary>
    public string Client => $"{stack.RunId}.vip-client";

    private bool _started;

    /// <summary>Starts the client container (nfp/base, idle) at <see cref="Addresses.Client"/> of the consumer network, once.</summary>
    public async Task StartClientAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = Client,
            Image = "nfp/base:latest",
            Cmd = ["sleep", "infinity"],
            Labels = new Dictionary<string, string> { [BenchStack.RunLabel] = stack.RunId },
            HostConfig = new HostConfig { NetworkMode = networks.Consumer.Name },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [networks.Consumer.Name] = BenchDocker.At(Addresses.Client(networks.Consumer.Cidr)) },
            },
        }, cancellationToken);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
    }

    /// <summary>
    /// Kills the service's device and returns the milliseconds until its VIP answers again, and until the
    /// manager knew (the heal operation its death became was accepted); then waits for the failover to complete.
    /// </summary>
    public async Task<(double Answered, double Known)> KillAsync(Guid service, string vip, CancellationToken cancellationToken)
    {
        await UntilAnsweringAsync(vip, Stopwatch.StartNew(), cancellationToken);
        var completed = await ManagerDevices.FailoversCompletedAsync(stack.ManagerDatabase, service, cancellationToken);
        var (_, nsdId) = await ManagerDevices.OfAsync(stack.ManagerDatabase, service, cancellationToken);
        var killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await docker.Containers.KillContainerAsync($"{stack.RunId}.nsd-{nsdId:N}", new ContainerKillParameters(), cancellationToken);
        await UntilAnsweringAsync(vip, clock, cancellationToken);
        var answered = clock.Elapsed.TotalMilliseconds;
        await ManagerDevices.UntilFailoverCompletedAsync(stack.ManagerDatabase, service, completed, cancellationToken);
        var known = await ManagerDevices.HealAcceptedAsync(stack.ManagerDatabase, service, killedAt, cancellationToken)
            ?? throw new BenchException($"No heal operation of service {service} after its device was killed.");
        return (answered, (known - killedAt).TotalMilliseconds);
    }

    private async Task UntilAnsweringAsync(string vip, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (!await AnswersAsync(vip, cancellationToken))
        {
            if (clock.Elapsed > Patience)
            {
                throw new BenchException($"The VIP {vip} did not answer within {Patience.TotalSeconds:0} s.");
            }
            await Task.Delay(Spacing, cancellationToken);
        }
    }

    private async Task<bool> AnswersAsync(string vip, CancellationToken cancellationToken) =>
        (await ExecAsync(["timeout", "1", "busybox", "wget", "-q", "-O-", $"http://{vip}/"], cancellationToken)).ExitCode == 0;

    /// <summary>Runs <paramref name="command"/> in the client container: its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> ExecAsync(string[] command, CancellationToken cancellationToken) =>
        ContainerExec.RunAsync(Client, command, cancellationToken);
}
