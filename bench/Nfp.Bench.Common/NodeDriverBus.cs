using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;

namespace Nfp.Bench;

/// <summary>The node driver's side in the bench process: its bus (<c>AddNfpNodeDriver</c>) on the run's queue prefix, started.</summary>
public static class NodeDriverBus
{
    public static async Task<ServiceProvider> StartAsync(string queuePrefix, Action<NodeDriverOptions>? configure = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddNfpNodeDriver(o =>
            {
                (o.RabbitMq, o.QueuePrefix) = (BenchEnvironment.Get("ConnectionStrings__RabbitMq"), queuePrefix);
                configure?.Invoke(o);
            })
            .BuildServiceProvider();
        await services.GetRequiredService<IBusControl>().StartAsync(TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>Stops the bus and disposes the services.</summary>
    public static async Task StopAsync(ServiceProvider? nodeDriver)
    {
        if (nodeDriver is not null)
        {
            await nodeDriver.GetRequiredService<IBusControl>().StopAsync(TimeSpan.FromSeconds(10));
            await nodeDriver.DisposeAsync();
        }
    }
}
