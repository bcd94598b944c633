using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>What the manager's tests on an <see cref="OrchestrationStack"/> share: its tables, its requests, and waiting for their effects.</summary>
public abstract class OrchestrationTestBase(OrchestrationStack stack)
{
    protected OrchestrationStack Stack { get; } = stack;

    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected NetworkServiceRepository Services { get; } = new(stack.Manager.Database.DataSource);
    protected NetworkServiceInstanceRepository Instances { get; } = new(stack.Manager.Database.DataSource);
    protected NetworkServiceDeviceRepository Devices { get; } = new(stack.Manager.Database.DataSource);
    protected OperationRepository Operations { get; } = new(stack.Manager.Database.DataSource);
    protected PortInfoRepository Ports { get; } = new(stack.Manager.Database.DataSource);

    protected CreateNetworkService Create(
        Guid tenant, int firstNetwork, bool allowSharing = false, string providerIp = "", string vendor = OrchestrationStack.Vendor) => new(
        tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, vendor, allowSharing),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, Stack.Networks[firstNetwork].Name,
                IpAddress: providerIp),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, Stack.Networks[firstNetwork + 1].Name),
        ],
        Name: "web-lb");

    /// <summary>Two services of one tenant that allow sharing, on networks 0–1 and 2–3, ACTIVE on one device.</summary>
    protected async Task<(NetworkServiceAccepted First, NetworkServiceAccepted Second, NetworkServiceDevice Device)> SharingPairAsync()
    {
        var tenant = Guid.NewGuid();
        var first = await CreateAsync(Create(tenant, 0, allowSharing: true));
        await StatusAsync(first.NetworkServiceId, ProvisioningStatus.Active);
        var second = await CreateAsync(Create(tenant, 2, allowSharing: true));
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(first.NetworkServiceId);
        Assert.Equal(device.Id, (await DeviceOfAsync(second.NetworkServiceId)).Id);
        return (first, second, device);
    }

    protected async Task<NetworkServiceAccepted> AcceptedAsync<T>(T request) where T : class
    {
        var response = await Stack.Manager.Client<T>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        Assert.True(response.Is(out Response<NetworkServiceAccepted>? accepted), response.Message is RpcFault f ? f.Message : "");
        return accepted!.Message;
    }

    protected Task<NetworkServiceAccepted> CreateAsync(CreateNetworkService request) =>
        AcceptedAsync<CreateNetworkService>(request);

    protected Task<NetworkServiceAccepted> DeleteAsync(Guid id) =>
        AcceptedAsync<DeleteNetworkService>(new DeleteNetworkService(id));

    protected async Task<NetworkService> StatusAsync(Guid id, ProvisioningStatus status)
    {
        NetworkService? service = null;
        await Eventually.HoldsAsync(async () =>
        {
            service = await Services.GetAsync(id);
            Assert.False(service.ProvisioningStatus == ProvisioningStatus.Error && status != ProvisioningStatus.Error,
                $"service went to ERROR: {service.StatusDescription}");
            return service.ProvisioningStatus == status;
        }, Patience, $"service {id} {status}");
        return service!;
    }

    protected async Task<NetworkServiceDevice> DeviceOfAsync(Guid serviceId) =>
        await Devices.GetAsync((await Instances.WhereAsync("network_service_id", serviceId)).Single().NsdId!.Value);

    protected async Task<Container?> ContainerAsync(NetworkServiceDevice device) =>
        (await Stack.Popd.Client.ContainersAsync()).SingleOrDefault(c => c.Names.Contains($"nsd-{device.Id:N}"));

    /// <summary>The Docker name of the device's container.</summary>
    protected string DockerName(NetworkServiceDevice device) => $"{Stack.Popd.PopName}.nsd-{device.Id:N}";

    /// <summary>The container's address on each network, in order.</summary>
    protected static IEnumerable<(string Network, string Address)> Addresses(Container container) =>
        container.Endpoints.Select(e => (e.Key, e.Value.Ipv4.Address)).Order();

    /// <summary>The container's address on each of the stack's tenant networks (its data interfaces).</summary>
    protected Dictionary<string, string> DataAddresses(Container container) =>
        container.Endpoints.Where(e => Stack.Networks.Any(n => n.Name == e.Key)).ToDictionary(e => e.Key, e => e.Value.Ipv4.Address);

    /// <summary>The service's last failover, once it completed (failing the test if it failed).</summary>
    protected async Task<Operation> CompletedFailoverAsync(Guid serviceId)
    {
        Operation? failover = null;
        await Eventually.HoldsAsync(async () =>
        {
            failover = (await Operations.WhereAsync("resource_id", serviceId)).LastOrDefault(o => o.Kind == OperationKind.Failover);
            Assert.False(failover?.State is OperationState.FailedTemp or OperationState.Failed, $"the failover failed: {failover?.Error}");
            return failover?.State == OperationState.Completed;
        }, Patience, $"a failover of {serviceId} completed");
        return failover!;
    }
}
