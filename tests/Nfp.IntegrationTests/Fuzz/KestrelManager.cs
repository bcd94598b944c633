using Nfp.IntegrationTests.Fixtures;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>The manager of one test class on Kestrel (<see cref="ManagerServer.OnKestrel"/>): requests go over a real socket.</summary>
public sealed class KestrelManager : IAsyncLifetime
{
    public ManagerServer Server { get; } = new() { OnKestrel = true };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
