using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;

namespace Nfp.NodeDriver;

public static class NodeDriverRegistration
{
    /// <summary>
    /// Registers <see cref="INetworkServiceClient"/> and the MassTransit bus it asks through (RabbitMQ,
    /// NFP's JSON). The host must not register another default MassTransit bus. Its reply queue is
    /// <see cref="RpcQueues.NodeDriverReplies"/>, the only queue the node driver's RabbitMQ user may make and read.
    /// </summary>
    public static IServiceCollection AddNfpNodeDriver(this IServiceCollection services, Action<NodeDriverOptions> configure)
    {
        var options = new NodeDriverOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.RabbitMq))
        {
            throw new ArgumentException("NodeDriverOptions.RabbitMq is required: the manager's amqp:// URI.", nameof(configure));
        }
        services.Configure(configure);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<INetworkServiceClient, NetworkServiceClient>();
        services.AddMassTransit(bus =>
        {
            // No usage report to masstransit.io from the node driver's host.
            bus.DisableUsageTelemetry();
            bus.UsingRabbitMq((_, rabbit) =>
            {
                rabbit.Host(new Uri(options.RabbitMq));
                rabbit.OverrideDefaultBusEndpointQueueName(RpcQueues.NodeDriverReplies(options.QueuePrefix));
                rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
            });
        });
        return services;
    }
}
