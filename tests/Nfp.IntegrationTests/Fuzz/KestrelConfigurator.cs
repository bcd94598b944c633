using Nfp.IntegrationTests.Fixtures;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>The configurator of one test class on Kestrel (<see cref="ConfiguratorServer.OnKestrel"/>): requests go over a real socket.</summary>
public sealed class KestrelConfigurator : IAsyncLifetime
{
    public ConfiguratorServer Server { get; } = new() { OnKestrel = true };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
