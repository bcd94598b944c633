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
}
