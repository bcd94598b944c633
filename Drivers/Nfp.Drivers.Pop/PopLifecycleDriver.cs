using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Drivers.Pop;

/// <summary>
/// The reference lifecycle driver: a device is a Pop container named after the device id
/// (<c>nsd-{id}</c>), created on the service management network with NET_ADMIN and started; data
/// interfaces are Pop endpoints plugged into the ports' networks at run time. Every call finds what an
/// earlier, interrupted call made by that name, which is what makes it idempotent.
/// </summary>
public sealed class PopLifecycleDriver(IConfiguration settings) : ILifecycleDriver
{
    private const string ContainerIdKey = "pop_container_id";

    private readonly PopDriverSettings _settings = settings.Get<PopDriverSettings>() ?? new PopDriverSettings();

    private PopClient Pop => PopClient.For(new PopClientOptions(_settings.Address, _settings.Username, _settings.Password));

    public NsdSharingInfo GetNsdSharingInfo(NsdRequest request) => new(_settings.MaxInterfaces, _settings.Shareable);

    /// <summary>The ports' networks and addresses against popd's networks and the endpoints its containers have (<see cref="PortCheck"/>).</summary>
    public async Task<IReadOnlyList<FieldError>> CheckPortsAsync(IReadOnlyList<PortInfo> ports, CancellationToken cancellationToken)
    {
        try
        {
            var networks = await Pop.NetworksAsync(cancellationToken: cancellationToken);
            var containers = ports.Any(p => p.IpAddress.Length > 0) ? await Pop.ContainersAsync(cancellationToken: cancellationToken) : [];
            return PortCheck.Errors(ports, networks, containers);
        }
        catch (RpcException e)
        {
            throw new LifecycleDriverException($"popd could not be asked about the ports' networks: {e.Status.Detail}", isTransient: true, e);
        }
    }

    /// <summary>The candidate with the most spare interfaces (the manager already checked they fit).</summary>
    public Task<NetworkServiceDevice?> SelectNsdAsync(NsdRequest request, IReadOnlyList<NetworkServiceDevice> candidates, CancellationToken cancellationToken) =>
        Task.FromResult(candidates.OrderByDescending(d => d.MaxInterfaces - d.InterfacesInUse).FirstOrDefault());

    public Task<NsdCreated> CreateNsdAsync(NsdRequest request, NetworkServiceDevice device, CancellationToken cancellationToken) =>
        CreateSpareNsdAsync(request.Service.ServiceType, device, cancellationToken);

    /// <summary>A device is made the same whether a service waits for it or the spare pool will keep it: only its image depends on the service type.</summary>
    public async Task<NsdCreated> CreateSpareNsdAsync(ServiceType serviceType, NetworkServiceDevice device, CancellationToken cancellationToken)
    {
        var name = ContainerName(device);
        var container = await CreateAsync(serviceType, device, name, cancellationToken);
        if (container.Status == Container.Types.Status.Created)
        {
            var (environment, secrets) = (EnvironmentOf(device), SecretsOf(device));
            if (environment.Count > 0 || secrets.Count > 0)
            {
                await Call(async () =>
                {
                    await Pop.SetMetadataAsync(new Filter { Id = container.Id }, environment, secrets, cancellationToken);
                    return container;
                });
            }
            container = await Call(() => Pop.StartAsync(new Filter { Id = container.Id }, cancellationToken));
        }
        var mgmt = _settings.ManagementNetwork.Length > 0 ? container.Endpoints[_settings.ManagementNetwork] : container.Endpoints.Values.First();
        return new NsdCreated(mgmt.Ipv4?.Address ?? "", new Dictionary<string, string> { [ContainerIdKey] = container.Id, ["pop_container_name"] = name });
    }

    /// <summary>The device's environment: <see cref="PopDriverSettings.Environment"/>, and its id when it runs the agent.</summary>
    private Dictionary<string, string> EnvironmentOf(NetworkServiceDevice device)
    {
        var environment = new Dictionary<string, string>(_settings.Environment);
        if (_settings.AgentSecret.Length > 0)
        {
            environment["NFP_DEVICE_ID"] = device.Id.ToString("D");
        }
        return environment;
    }

    /// <summary>
    /// The device's own agent password, as secret metadata: the file /run/secrets/NFP_AGENT_PASSWORD in the
    /// device, in no <c>docker inspect</c>, popd row or answer.
    /// </summary>
    private Dictionary<string, string> SecretsOf(NetworkServiceDevice device) =>
        _settings.AgentSecret.Length > 0
            ? new Dictionary<string, string> { [DeviceCredentials.PasswordKey] = DeviceCredentials.Password(_settings.AgentSecret, device.Id) }
            : [];

    /// <summary>
    /// Creates the device's container, or finds the one an earlier, interrupted create_nsd made (in whatever
    /// state). A device made again (a failover) asks for the management address it had, and takes the next
    /// free one when another container holds it.
    /// </summary>
    private async Task<Container> CreateAsync(ServiceType serviceType, NetworkServiceDevice device, string name, CancellationToken cancellationToken)
    {
        var config = ContainerConfigOf(serviceType, device, name);
        if (await ManagementNetworkOfAsync(device.MgmtIpAddress, cancellationToken) is { } network)
        {
            config.Endpoints[network] = new Endpoint { Ipv4 = new Ip { Address = device.MgmtIpAddress } };
            try
            {
                return await CallOrFoundAsync(() => Pop.CreateAsync(config, cancellationToken), name, _ => true, cancellationToken);
            }
            catch (LifecycleDriverException e) when (e.InnerException is RpcException { StatusCode: StatusCode.AlreadyExists })
            {
                config.Endpoints[network] = new Endpoint();
            }
        }
        return await CallOrFoundAsync(() => Pop.CreateAsync(config, cancellationToken), name, _ => true, cancellationToken);
    }

    /// <summary>The Pop network of a management address the device had: the configured one, else the network whose subnet holds it.</summary>
    private async Task<string?> ManagementNetworkOfAsync(string address, CancellationToken cancellationToken)
    {
        if (!System.Net.IPAddress.TryParse(address, out var ip))
        {
            return null;
        }
        if (_settings.ManagementNetwork.Length > 0)
        {
            return _settings.ManagementNetwork;
        }
        var networks = await Call(() => Pop.NetworksAsync(cancellationToken: cancellationToken));
        return networks.FirstOrDefault(n => n.Subnets.Any(s => System.Net.IPNetwork.TryParse(s.Cidr, out var subnet) && subnet.Contains(ip)))?.Name;
    }

    private ContainerConfig ContainerConfigOf(ServiceType serviceType, NetworkServiceDevice device, string name)
    {
        var config = new ContainerConfig
        {
            Name = name,
            ImageId = _settings.Images.GetValueOrDefault(NfpJson.WireName(serviceType), _settings.Image),
            Options = new ResourceOptions
            {
                MemoryBytes = _settings.MemoryBytes,
                CapAdd = { _settings.CapAdd },
                Labels = { ["nfp.nsd_id"] = device.Id.ToString(), ["nfp.tenant_id"] = device.TenantId.ToString() },
            },
        };
        if (_settings.ManagementNetwork.Length > 0)
        {
            config.Endpoints[_settings.ManagementNetwork] = new Endpoint();
        }
        return config;
    }

    public async Task<NsdStatus> GetNsdStatusAsync(NetworkServiceDevice device, CancellationToken cancellationToken) =>
        (await FindAsync(ContainerName(device), cancellationToken))?.Status switch
        {
            Container.Types.Status.Running => new NsdStatus(NsdState.Active),
            Container.Types.Status.Created or Container.Types.Status.Stopping => new NsdStatus(NsdState.Pending),
            null => new NsdStatus(NsdState.Error, "its container is gone"),
            var status => new NsdStatus(NsdState.Error, $"its container is {status.ToString()!.ToUpperInvariant()}"),
        };

    /// <summary>A pair's device gets the pair's address as an endpoint's virtual address (popd reserves it; keepalived moves it).</summary>
    public async Task<PluggedInterface> PlugNsdInterfaceAsync(
        NetworkServiceDevice device, PortInfo port, int position, string? virtualIpAddress, CancellationToken cancellationToken)
    {
        // Plugged already by an earlier, interrupted run: Pop answers AlreadyExists and the container has
        // the endpoint. An address taken by another container is AlreadyExists too: then the refusal stands.
        // No container at all is NotFound, which no retry mends.
        var wanted = new Endpoint { Ipv4 = port.IpAddress.Length > 0 ? new Ip { Address = port.IpAddress } : null };
        if (virtualIpAddress is not null)
        {
            wanted.VirtualIpv4.Add(virtualIpAddress);
        }
        var container = await CallOrFoundAsync(() => Pop.PlugAsync(new Filter { Name = ContainerName(device) }, port.Network, wanted, cancellationToken),
            ContainerName(device), found => found.Endpoints.ContainsKey(port.Network), cancellationToken);
        var endpoint = container.Endpoints[port.Network];
        // popd records the endpoint before Docker has connected it, and names it only after.
        return endpoint.EndpointId.Length > 0
            ? new PluggedInterface(endpoint.EndpointId, endpoint.Ipv4?.Address ?? "", endpoint.Ipv4?.Subnet?.Cidr ?? "", endpoint.Mac,
                endpoint.VirtualIpv4.FirstOrDefault() ?? "")
            : throw new LifecycleDriverException($"Device {device.Id} is still being plugged into {port.Network}.", isTransient: true);
    }

    public async Task UnplugNsdInterfaceAsync(NetworkServiceDevice device, PortInfo port, CancellationToken cancellationToken)
    {
        if (await FindAsync(ContainerName(device), cancellationToken) is { } container && container.Endpoints.ContainsKey(port.Network))
        {
            await Call(() => Pop.UnplugAsync(new Filter { Id = container.Id }, port.Network, cancellationToken));
        }
    }

    public async Task DeleteNsdAsync(NetworkServiceDevice device, CancellationToken cancellationToken)
    {
        try
        {
            await Pop.DeleteAsync(new Filter { Name = ContainerName(device) }, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Already gone: what delete_nsd wants.
        }
    }

    /// <summary>
    /// Follows popd's Watch stream: a device container FAILED or EXITED (popd records a Docker container's
    /// death within moments) is a device dead. The stream first gives every container as it is, so one that
    /// died while nobody watched is told too. A broken stream (popd restarting) is opened again a second later.
    /// </summary>
    public Task WatchNsdsAsync(Func<NsdDeath, Task> died, CancellationToken cancellationToken) =>
        Pop.FollowAsync(null, container =>
            container.Status is Container.Types.Status.Failed or Container.Types.Status.Exited
            && container.Names.Select(NsdIdOf).FirstOrDefault(id => id is not null) is { } nsdId
                ? died(new NsdDeath(nsdId, container.Id, $"its container is {container.Status.ToString().ToUpperInvariant()}: {container.ExtendedStatus}"))
                : Task.CompletedTask,
            lost: null, cancellationToken);

    /// <summary>The device a container was made for, from its name (<c>nsd-{id}</c>); null for another container.</summary>
    private static Guid? NsdIdOf(string containerName) =>
        containerName.StartsWith("nsd-", StringComparison.Ordinal) && Guid.TryParseExact(containerName[4..], "N", out var id) ? id : null;

    public IReadOnlyList<ConfigResource> GetNsdHealthcheckInfo(NetworkServiceDevice device) =>
        [ConfigResource.Of(ConfigResourceKind.Healthmonitor, new HealthmonitorData(device.MgmtIpAddress, HealthmonitorPeriodicity.Forever))];

    /// <summary>
    /// The device's data interfaces as Pop plugged them: network, address and MAC of each port; and a pair's
    /// device its VRRP instance (<see cref="PopDriverSettings.VrrpAdvertIntervalMs"/>), holding every port's
    /// address of the pair on the port's interface.
    /// </summary>
    public IReadOnlyList<ConfigResource> GetNsdConfigInfo(NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, NsdPeer? peer)
    {
        var interfaces = ConfigResource.Of(ConfigResourceKind.Interfaces, new InterfacesData(device.MgmtIpAddress, ports.Select(p =>
            new DataInterface(p.Port.Id, p.Port.PortClassification, p.Port.Network, p.Interface.IpAddress, p.Interface.Cidr, p.Interface.Mac)).ToList()));
        return peer is null ? [interfaces] :
        [
            interfaces,
            ConfigResource.Of(ConfigResourceKind.Vrrp, new VrrpData(device.MgmtIpAddress, peer.MgmtIpAddress, peer.VirtualRouterId,
                peer.Position == 0 ? 110 : 100, _settings.VrrpAdvertIntervalMs,
                ports.Where(p => p.Port.IpAddress.Length > 0).Select(p => new VirtualAddress(p.Port.IpAddress, p.Interface.Cidr, p.Interface.Mac)).ToList())),
        ];
    }

    /// <summary>
    /// The service's config for its type's module, from its service_config (a JSON object; see
    /// <see cref="ServiceConfigMapping"/>), its consumer port's address on the device and its members.
    /// </summary>
    public IReadOnlyList<ConfigResource> GetNetworkServiceConfigInfo(
        NetworkService service, NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, IReadOnlyList<PolicyTarget> members,
        Operation operation) =>
        ServiceConfigMapping.Resources(service, device.MgmtIpAddress, ports.FirstOrDefault(p => p.Port.PortClassification == PortClassification.Consumer) switch
        {
            null => "",
            var consumer when service.Topology == ServiceTopology.ActiveStandby => consumer.Port.IpAddress,
            var consumer => consumer.Interface.IpAddress,
        }, members);

    private static string ContainerName(NetworkServiceDevice device) => $"nsd-{device.Id:N}";

    private async Task<Container?> FindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Pop.ContainersAsync(new Filter { Name = name }, cancellationToken)).SingleOrDefault();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// <paramref name="call"/> (a Create or Plug of the container <paramref name="name"/>); when Pop answers
    /// AlreadyExists and the container as popd has it now is what the call makes (<paramref name="done"/>), that
    /// container: the same call of a manager killed mid-step was still running in popd.
    /// </summary>
    private async Task<Container> CallOrFoundAsync(Func<Task<Container>> call, string name, Func<Container, bool> done, CancellationToken cancellationToken)
    {
        try
        {
            return await Call(call);
        }
        catch (LifecycleDriverException e) when (e.InnerException is RpcException { StatusCode: StatusCode.AlreadyExists })
        {
            var found = await FindAsync(name, cancellationToken);
            if (found is null || !done(found))
            {
                throw;
            }
            return found;
        }
    }

    /// <summary>Pop's refusals that no retry mends (bad config, no free address) fail the operation; the rest are transient.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.AlreadyExists
                                         or StatusCode.NotFound or StatusCode.PermissionDenied)
        {
            throw new LifecycleDriverException($"Pop refused: {e.Status.Detail}", isTransient: false, e);
        }
    }
}
