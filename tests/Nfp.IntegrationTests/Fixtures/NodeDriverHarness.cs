using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>The node driver as a plugin host would have it: <c>AddNfpNodeDriver</c> on a service collection, its bus started.</summary>
public sealed class NodeDriverHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private NodeDriverHarness(ServiceProvider services) => _services = services;

    public INetworkServiceClient Client => _services.GetRequiredService<INetworkServiceClient>();

    public IBus Bus => _services.GetRequiredService<IBus>();

    /// <summary>Starts it for the manager of <paramref name="queuePrefix"/>, logged in as <paramref name="rabbitMq"/>'s user (NFP's <c>nfp</c> by default).</summary>
    public static async Task<NodeDriverHarness> StartAsync(string queuePrefix, string? rabbitMq = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddNfpNodeDriver(options =>
            {
                options.RabbitMq = rabbitMq ?? NfpEnvironment.RabbitMq;
                options.QueuePrefix = queuePrefix;
                options.RequestTimeout = TimeSpan.FromSeconds(20);
            })
            .BuildServiceProvider();
        await services.GetRequiredService<IBusControl>().StartAsync(TimeSpan.FromSeconds(30));
        return new NodeDriverHarness(services);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(10));
        await _services.DisposeAsync();
    }
}
