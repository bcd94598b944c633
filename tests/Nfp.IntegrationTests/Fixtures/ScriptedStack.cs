using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The manager on the real RabbitMQ rendering vendor "scripted" with the <see cref="ScriptedDriver"/>
/// (no devices: every service comes up at once), a configurator double, and the node driver — for tests
/// of what drives the manager (the CLI) rather than of what it drives.
/// </summary>
public sealed class ScriptedStack : IAsyncLifetime
{
    public const string Vendor = "scripted";

    public ManagerServer Manager { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            [$"LifecycleDrivers:{Vendor}:Assembly"] = typeof(ScriptedDriver).Assembly.Location,
            [$"LifecycleDrivers:{Vendor}:Type"] = typeof(ScriptedDriver).FullName!,
        },
    };

    public NodeDriverHarness NodeDriver { get; private set; } = null!;

    public ConfiguratorDouble Configurator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Manager.InitializeAsync();
        Configurator = await ConfiguratorDouble.StartAsync(Manager.Factory.Services.GetRequiredService<IBus>(), Manager.QueuePrefix);
        NodeDriver = await NodeDriverHarness.StartAsync(Manager.QueuePrefix);
    }

    public async Task DisposeAsync()
    {
        await NodeDriver.DisposeAsync();
        await Manager.DisposeAsync();
    }
}
