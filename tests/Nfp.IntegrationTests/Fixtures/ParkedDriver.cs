using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A lifecycle driver whose devices never come up, so that a service stays where the RPC listener put it
/// (PENDING_CREATE, its create parked at get_nsd_status) for tests of the listener alone. The manager
/// loads it from this test assembly by configuration, as it loads any vendor's driver.
/// </summary>
public sealed class ParkedDriver : ILifecycleDriver
{
    public NsdSharingInfo GetNsdSharingInfo(NsdRequest request) => new(8, false);

    public Task<IReadOnlyList<Schema.Validation.FieldError>> CheckPortsAsync(IReadOnlyList<PortInfo> ports, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Schema.Validation.FieldError>>([]);

    public Task<NetworkServiceDevice?> SelectNsdAsync(NsdRequest request, IReadOnlyList<NetworkServiceDevice> candidates, CancellationToken cancellationToken) =>
        Task.FromResult<NetworkServiceDevice?>(null);

    public Task<NsdCreated> CreateNsdAsync(NsdRequest request, NetworkServiceDevice device, CancellationToken cancellationToken) =>
        Task.FromResult(new NsdCreated("", new Dictionary<string, string> { ["parked"] = device.Id.ToString() }));

    public Task<NsdCreated> CreateSpareNsdAsync(ServiceType serviceType, NetworkServiceDevice device, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The parked driver keeps no spares.");

    public Task<NsdStatus> GetNsdStatusAsync(NetworkServiceDevice device, CancellationToken cancellationToken) =>
        Task.FromResult(new NsdStatus(NsdState.Pending));

    public Task<PluggedInterface> PlugNsdInterfaceAsync(
        NetworkServiceDevice device, PortInfo port, int position, string? virtualIpAddress, CancellationToken cancellationToken) =>
        Task.FromResult(new PluggedInterface($"parked-{position}", "192.0.2.10", "192.0.2.0/24", $"02:00:00:00:00:{position:x2}"));

    public Task UnplugNsdInterfaceAsync(NetworkServiceDevice device, PortInfo port, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteNsdAsync(NetworkServiceDevice device, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WatchNsdsAsync(Func<NsdDeath, Task> died, CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<ConfigResource> GetNsdHealthcheckInfo(NetworkServiceDevice device) => [];

    public IReadOnlyList<ConfigResource> GetNsdConfigInfo(NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, NsdPeer? peer) => [];

    public IReadOnlyList<ConfigResource> GetNetworkServiceConfigInfo(
        NetworkService service, NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, IReadOnlyList<Schema.Rpc.PolicyTarget> members,
        Operation operation) => [];
}
