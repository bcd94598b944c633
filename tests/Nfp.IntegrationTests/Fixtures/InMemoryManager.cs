using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The manager on MassTransit's in-memory transport (and a fresh PostgreSQL database), rendering vendor
/// "scripted" with the <see cref="ScriptedDriver"/> that <see cref="Script"/> steers, and a configurator
/// double on the same in-memory bus: for unit tests of the event graph and its sequencing. Short polls,
/// retries and sweeps keep them quick.
/// </summary>
public sealed class InMemoryManager : IAsyncLifetime
{
    public const string Vendor = "scripted";
    public const int StatusPolls = 5;

    public DriverScript Script { get; } = new();

    public ManagerServer Manager { get; }

    public ConfiguratorDouble Configurator { get; private set; } = null!;

    public InMemoryManager() => Manager = new ManagerServer
    {
        Settings = new Dictionary<string, string>
        {
            [$"LifecycleDrivers:{Vendor}:Assembly"] = typeof(ScriptedDriver).Assembly.Location,
            [$"LifecycleDrivers:{Vendor}:Type"] = typeof(ScriptedDriver).FullName!,
            ["Orchestration:StatusPollMilliseconds"] = "20",
            ["Orchestration:StatusPollMaxTries"] = StatusPolls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orchestration:RetryDelayMilliseconds"] = "50",
            ["Orchestration:SweepIntervalMilliseconds"] = "50",
        },
        InMemoryWith = services => services.AddSingleton(Script),
    };

    public async Task InitializeAsync()
    {
        await Manager.InitializeAsync();
        var bus = Manager.Factory.Services.GetRequiredService<IBus>();
        Assert.Equal("loopback", bus.Address.Scheme);
        Configurator = await ConfiguratorDouble.StartAsync(bus, Manager.QueuePrefix);
    }

    public Task DisposeAsync() => Manager.DisposeAsync();
}
