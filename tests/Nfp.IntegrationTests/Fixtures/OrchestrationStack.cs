using Nfp.Drivers.Pop;
using Nfp.Pop.Protocol;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// Everything a create needs but the configurator: a real popd process on the Docker engine, the
/// manager in process with the Pop lifecycle driver for vendor "pop" (loaded from its assembly by
/// configuration) — and for vendors "haproxy", "iptables" and "strongswan" with their service_config schemas, as
/// deploy/up.sh configures them — four tenant networks made through Pop, and a <see cref="ConfiguratorDouble"/>.
/// create_network_service_healthmonitor has a 4 s deadline here, so a test can watch a deadline pass.
/// Automatic failover is off here (a device's health news is only recorded); <see cref="FailoverStack"/>
/// turns it on.
/// </summary>
public class OrchestrationStack : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public OrchestrationStack()
        : this(new Dictionary<string, string> { ["Orchestration:Failover:Automatic"] = "false" })
    {
    }

    /// <summary>A stack whose manager also has <paramref name="settings"/>.</summary>
    protected OrchestrationStack(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public const string Vendor = "pop";
    public const string Haproxy = "haproxy";
    public const string Iptables = "iptables";
    public const string Strongswan = "strongswan";
    public const int HealthmonitorDeadlineSeconds = 4;

    /// <summary>A vendor whose devices are made from an image of its own (<see cref="FragileImage"/>), which a test may take away to make Pop refuse creates.</summary>
    public const string Fragile = "fragile";

    public PopdProcess Popd { get; } = new();

    public ManagerServer Manager { get; private set; } = null!;

    public ConfiguratorDouble Configurator { get; private set; } = null!;

    /// <summary>The image of <see cref="Fragile"/>'s devices: a tag of the test image, made by <see cref="InitializeAsync"/>.</summary>
    public string FragileImage => $"nfp-test/fragile:{Popd.PopName}";

    /// <summary>Four tenant networks, with their IPv4 subnets.</summary>
    public IReadOnlyList<(string Name, string Cidr)> Networks { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Popd.InitializeAsync();
        var networks = new List<(string, string)>();
        for (var i = 0; i < 4; i++)
        {
            var (cidr, _) = TestSubnets.Next();
            var name = $"{Popd.PopName}-net{i}";
            await Popd.Client.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = cidr } });
            networks.Add((name, cidr));
        }
        Networks = networks;
        await DockerCli.RunAsync("tag", PopdServer.Image, FragileImage);
        var managerSettings = new Dictionary<string, string>(PopDriver(Vendor, Popd)
            .Concat(PopDriver(Haproxy, Popd, typeof(Drivers.Vendors.Haproxy.HaproxyServiceConfig)))
            .Concat(PopDriver(Iptables, Popd, typeof(Drivers.Vendors.Iptables.IptablesServiceConfig)))
            .Concat(PopDriver(Strongswan, Popd, typeof(Drivers.Vendors.Strongswan.StrongswanServiceConfig)))
            .Concat(PopDriver(Fragile, Popd)))
        {
            [$"LifecycleDrivers:{Fragile}:Settings:Image"] = FragileImage,
            ["Orchestration:SweepIntervalMilliseconds"] = "200",
            ["Orchestration:StepDeadlineSeconds:create_network_service_healthmonitor"] = HealthmonitorDeadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _settings)
        {
            managerSettings[key] = value;
        }
        Manager = new ManagerServer { Settings = managerSettings };
        await Manager.InitializeAsync();
        Configurator = await ConfiguratorDouble.StartAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MassTransit.IBus>(Manager.Factory.Services),
            Manager.QueuePrefix);
    }

    /// <summary>
    /// The manager's configuration of the Pop lifecycle driver, as vendor <paramref name="vendor"/>, against
    /// <paramref name="popd"/>, with the vendor's service_config <paramref name="schema"/> if it has one.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PopDriver(string vendor, PopdProcess popd, Type? schema = null)
    {
        var settings = new Dictionary<string, string>
        {
            [$"LifecycleDrivers:{vendor}:Assembly"] = typeof(PopLifecycleDriver).Assembly.Location,
            [$"LifecycleDrivers:{vendor}:Type"] = typeof(PopLifecycleDriver).FullName!,
            [$"LifecycleDrivers:{vendor}:Settings:Address"] = $"http://127.0.0.1:{popd.Port}",
            [$"LifecycleDrivers:{vendor}:Settings:Username"] = "tester",
            [$"LifecycleDrivers:{vendor}:Settings:Password"] = popd.Password,
            [$"LifecycleDrivers:{vendor}:Settings:Image"] = PopdServer.Image,
        };
        if (schema is not null)
        {
            settings[$"LifecycleDrivers:{vendor}:ServiceConfig:Assembly"] = schema.Assembly.Location;
            settings[$"LifecycleDrivers:{vendor}:ServiceConfig:Type"] = schema.FullName!;
        }
        return settings;
    }

    public async Task DisposeAsync()
    {
        await Manager.DisposeAsync();
        await Popd.DisposeAsync();
        await DockerCli.TryRunAsync("rmi", FragileImage);
    }
}
