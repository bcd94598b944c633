using Nfp.NodeDriver;
using Nfp.Pop.Protocol;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A real popd, a database and a queue prefix for manager processes the tests start, kill and restart
/// (<see cref="StartManagerAsync"/>), the Pop driver configured for vendor "pop", two tenant networks,
/// the node driver as a plugin host has it, and a configurator double on the node driver's bus.
/// </summary>
public sealed class ManagerProcessStack : IAsyncLifetime
{
    public const string Vendor = "pop";

    private readonly List<ManagerProcess> _managers = [];

    public PopdProcess Popd { get; } = new();

    public PostgresDatabase Database { get; } = new();

    public string QueuePrefix { get; } = $"m{Guid.NewGuid():N}"[..10];

    public IReadOnlyList<string> Networks { get; private set; } = [];

    public NodeDriverHarness NodeDriver { get; private set; } = null!;

    public INetworkServiceClient Client => NodeDriver.Client;

    public ConfiguratorDouble Configurator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Popd.InitializeAsync();
        await Database.InitializeAsync();
        var networks = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var name = $"{Popd.PopName}-net{i}";
            await Popd.Client.CreateNetworkAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = TestSubnets.Next().Ipv4 } });
            networks.Add(name);
        }
        Networks = networks;
        NodeDriver = await NodeDriverHarness.StartAsync(QueuePrefix);
        Configurator = await ConfiguratorDouble.StartAsync(NodeDriver.Bus, QueuePrefix);
    }

    /// <summary>Starts one more manager instance on the stack's database and queues.</summary>
    public async Task<ManagerProcess> StartManagerAsync(string instanceName)
    {
        var manager = new ManagerProcess(Database.ConnectionString, QueuePrefix, new Dictionary<string, string>(OrchestrationStack.PopDriver(Vendor, Popd))
        {
            ["Orchestration:SweepIntervalMilliseconds"] = "200",
        }, instanceName);
        _managers.Add(manager);
        await manager.StartAsync();
        return manager;
    }

    public async Task DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.KillAsync();
        }
        await NodeDriver.DisposeAsync();
        await ManagerServer.DeleteQueuesAsync(QueuePrefix);
        await Popd.DisposeAsync();
        await Database.DisposeAsync();
    }
}
