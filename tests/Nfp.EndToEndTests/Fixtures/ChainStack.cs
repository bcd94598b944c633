using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// The whole of NFP for real: popd over Docker; the manager (in process, on RabbitMQ and a database of
/// its own) with the Pop lifecycle driver rendering vendor "haproxy" as nfp/haproxy devices, vendor
/// "iptables" as nfp/iptables-fw devices and vendor "strongswan" as nfp/strongswan-vpn devices; the configurator in its container (nfp/configurator) on popd's
/// default network, which is the devices' management network; and the configurator proxy and agent
/// between them. Three tenant networks are made through Pop — consumer, transit, provider — with a
/// consumer container, a client on the transit network and three web backends (nfp/web) on them, at the
/// top of their subnets, away from the addresses popd hands out. The configurator's answer is sent again after 3 s, so that a test can
/// restart the configurator mid-create and see the create finish; create_network_service_config has
/// <see cref="ConfigDeadlineSeconds"/>, so that a test can see it pass while the configurator is away.
/// </summary>
public sealed class ChainStack : IAsyncLifetime
{
    public const string Haproxy = "haproxy";
    public const string Iptables = "iptables";
    public const string Strongswan = "strongswan";
    public const int ConfigDeadlineSeconds = 30;

    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"nfp-{Guid.NewGuid():N}.sock");
    private readonly string _label = $"nfp.chain={Guid.NewGuid():N}";
    private string _configuratorAddress = "";
    private IHost? _proxy;
    private IHost? _agent;

    public PopdProcess Popd { get; } = new();

    public ManagerServer Manager { get; private set; } = null!;

    public (string Name, string Cidr) ConsumerNetwork { get; private set; }

    public (string Name, string Cidr) TransitNetwork { get; private set; }

    public (string Name, string Cidr) ProviderNetwork { get; private set; }

    private const string ConfiguratorName = "configurator";

    public ConsumerContainer ConsumerContainer => new($"{Popd.PopName}-consumer");

    /// <summary>A client on the transit network, beside the load balancers' VIPs: for a load balancer tested without a firewall before it.</summary>
    public ConsumerContainer TransitClient => new($"{Popd.PopName}-transit-client");

    public IReadOnlyList<(string Name, string Address)> Webs { get; private set; } = [];

    public NetworkServiceRepository Services => Manager.Factory.Services.GetRequiredService<NetworkServiceRepository>();

    public async Task InitializeAsync()
    {
        await Popd.InitializeAsync();
        ConsumerNetwork = await NetworkAsync("consumer");
        TransitNetwork = await NetworkAsync("transit");
        ProviderNetwork = await NetworkAsync("provider");
        Manager = new ManagerServer
        {
            Settings = new Dictionary<string, string>(Device(Haproxy, "nfp/haproxy:latest", typeof(Drivers.Vendors.Haproxy.HaproxyServiceConfig))
                .Concat(Device(Iptables, "nfp/iptables-fw:latest", typeof(Drivers.Vendors.Iptables.IptablesServiceConfig)))
                .Concat(Device(Strongswan, "nfp/strongswan-vpn:latest", typeof(Drivers.Vendors.Strongswan.StrongswanServiceConfig))))
            {
                ["Orchestration:SweepIntervalMilliseconds"] = "200",
                ["Orchestration:ConfiguratorResendSeconds"] = "3",
                ["Orchestration:StepDeadlineSeconds:create_network_service_config"] = ConfigDeadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        await Manager.InitializeAsync();
        await StartConfiguratorAsync();
        await StartProxyAsync();
        _agent = await ConfiguratorProxyStack.StartAgentAsync(_socket, Manager.QueuePrefix);
        var webs = new List<(string, string)>();
        for (var i = 1; i <= 3; i++)
        {
            var name = $"{Popd.PopName}-web{i}";
            await RunAsync(name, ProviderNetwork, 200 + i, ["--hostname", name], "nfp/web:latest");
            webs.Add((name, TestSubnets.Host(ProviderNetwork.Cidr, 200 + i)));
        }
        Webs = webs;
        await RunAsync(ConsumerContainer.Name, ConsumerNetwork, 200, ["--cap-add", "NET_ADMIN"], "nfp/base:latest");
        await RunAsync(TransitClient.Name, TransitNetwork, 200, [], "nfp/base:latest");
    }

    /// <summary>A host (nfp/base, with NET_ADMIN for its routes) at host <paramref name="host"/> of <paramref name="network"/>, made for one test and removed with the stack.</summary>
    public async Task<ConsumerContainer> HostAsync(string role, (string Name, string Cidr) network, int host)
    {
        var container = new ConsumerContainer($"{Popd.PopName}-{role}");
        await RunAsync(container.Name, network, host, ["--cap-add", "NET_ADMIN"], "nfp/base:latest");
        return container;
    }

    /// <summary>The Docker name of the device <paramref name="nsdId"/>'s container (the Pop driver names it nsd-{id}).</summary>
    public string DeviceContainer(Guid nsdId) => $"{Popd.PopName}.nsd-{nsdId:N}";

    /// <summary>
    /// The configurator's container, spawned through popd (so that its address is popd's to know) with its
    /// secrets (the agents' secret, its certificate, the proxy's pin) as secret metadata.
    /// </summary>
    public async Task StartConfiguratorAsync()
    {
        var config = new ContainerConfig { Name = ConfiguratorName, ImageId = "nfp/configurator:latest" };
        var created = await Popd.Client.CreateAsync(config);
        await Popd.Client.SetMetadataAsync(new Filter { Id = created.Id }, new Dictionary<string, string>(), ConfiguratorCredentials.ContainerSecrets());
        var started = await Popd.Client.StartAsync(new Filter { Id = created.Id });
        _configuratorAddress = $"{started.Endpoints.Values.First().Ipv4.Address}:8070";
        await ConfiguratorContainerStack.WaitUntilUpAsync(_configuratorAddress);
    }

    /// <summary>
    /// Restarts the configurator — its container deleted and made again through popd (popd's containers
    /// are removed when they stop, so a restart is a new one: it has forgotten everything) — and the proxy.
    /// </summary>
    public async Task RestartConfiguratorAndProxyAsync()
    {
        await StopConfiguratorAndProxyAsync();
        await StartConfiguratorAndProxyAsync();
    }

    /// <summary>The configurator away: its container deleted through popd, and the proxy stopped.</summary>
    public async Task StopConfiguratorAndProxyAsync()
    {
        await StopProxyAsync();
        await Popd.Client.DeleteAsync(new Filter { Name = ConfiguratorName });
    }

    /// <summary>A new configurator container (it knows nothing of the one before), and the proxy to it.</summary>
    public async Task StartConfiguratorAndProxyAsync()
    {
        await StartConfiguratorAsync();
        await StartProxyAsync();
    }

    /// <summary>The proxy, supervising the configurator's container as deploy/up.sh's does.</summary>
    private async Task StartProxyAsync() =>
        _proxy = await ConfiguratorProxyStack.StartSupervisingProxyAsync(_socket, Popd, ConfiguratorName, ConfiguratorCredentials.ContainerSecretsFolder);

    /// <summary>The Docker name of the configurator's container.</summary>
    public string ConfiguratorContainer => $"{Popd.PopName}.{ConfiguratorName}";

    private async Task StopProxyAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.StopAsync();
            _proxy.Dispose();
            _proxy = null;
        }
    }

    /// <summary>The Pop driver rendering <paramref name="vendor"/> as <paramref name="image"/> devices, its service_config checked with <paramref name="schema"/>.</summary>
    private Dictionary<string, string> Device(string vendor, string image, Type schema) =>
        new Dictionary<string, string>(OrchestrationStack.PopDriver(vendor, Popd, schema))
        {
            [$"LifecycleDrivers:{vendor}:Settings:Image"] = image,
            [$"LifecycleDrivers:{vendor}:Settings:AgentSecret"] = DeviceAgent.Secret,
        };

    private async Task<(string Name, string Cidr)> NetworkAsync(string role)
    {
        var (cidr, _) = TestSubnets.Next();
        var name = $"{Popd.PopName}-{role}";
        await Popd.Client.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = cidr } });
        return (name, cidr);
    }

    private async Task RunAsync(string name, (string Name, string Cidr) network, int host, string[] options, string image) =>
        await DockerCli.RunAsync(["run", "-d", "--name", name, "--network", network.Name, "--ip", TestSubnets.Host(network.Cidr, host),
            "--label", "nfp.test=1", "--label", _label, .. options, image]);

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _agent, _proxy })
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
        await DockerCli.RemoveLabelledAsync(_label);
        await Manager.DisposeAsync();
        await Popd.DisposeAsync();
    }
}
