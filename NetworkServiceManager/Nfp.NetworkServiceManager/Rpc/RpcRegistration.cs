using MassTransit;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;
using Nfp.NetworkServiceManager.Orchestration;

namespace Nfp.NetworkServiceManager.Rpc;

public static class RpcRegistration
{
    /// <summary>
    /// The node-driver RPC listener: MassTransit over RabbitMQ (<c>ConnectionStrings:RabbitMq</c>, an
    /// amqp:// URI with user, password and vhost, as deploy/bootstrap.sh writes it), one queue per RPC,
    /// plus the orchestration's worker queue and the configurator's notification queue.
    /// </summary>
    public static IHostApplicationBuilder AddNfpRpc(this IHostApplicationBuilder builder)
    {
        var rabbitMq = Nfp.Hosting.NfpConnectionStrings.Required(builder.Configuration, "RabbitMq");
        var options = builder.Configuration.GetSection(RpcOptions.Section).Get<RpcOptions>() ?? new RpcOptions();
        var workers = builder.Configuration.GetSection(OrchestrationOptions.Section).Get<OrchestrationOptions>()?.Workers ?? new OrchestrationOptions().Workers;
        builder.Services.Configure<RpcOptions>(builder.Configuration.GetSection(RpcOptions.Section));
        builder.Services.AddScoped<ServiceWrites>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.QueuePrefix, includeNamespace: false));
            Rpc<CreateNetworkServiceConsumer, CreateNetworkService>(bus, options.QueuePrefix);
            Rpc<UpdateNetworkServiceConsumer, UpdateNetworkService>(bus, options.QueuePrefix);
            Rpc<DeleteNetworkServiceConsumer, DeleteNetworkService>(bus, options.QueuePrefix);
            Rpc<GetNetworkServiceConsumer, GetNetworkService>(bus, options.QueuePrefix);
            Rpc<GetNetworkServicesConsumer, GetNetworkServices>(bus, options.QueuePrefix);
            Rpc<PolicyTargetAddedConsumer, PolicyTargetAddedNotification>(bus, options.QueuePrefix);
            Rpc<PolicyTargetRemovedConsumer, PolicyTargetRemovedNotification>(bus, options.QueuePrefix);
            Rpc<ConsumerPtgAddedConsumer, ConsumerPtgAddedNotification>(bus, options.QueuePrefix);
            Rpc<ConsumerPtgRemovedConsumer, ConsumerPtgRemovedNotification>(bus, options.QueuePrefix);
            Rpc<ChainParametersUpdatedConsumer, ChainParametersUpdatedNotification>(bus, options.QueuePrefix);
            bus.AddConsumer<ConfiguratorNotificationConsumer>().Endpoint(endpoint => endpoint.Name = ConfiguratorQueues.Notifications(options.QueuePrefix));
            // The N workers: at most this many binding keys run at once in this instance.
            bus.AddConsumer<OrchestrationWorker>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = workers);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>An RPC's consumer, on the queue <see cref="RpcQueues"/> names, which the node driver sends to.</summary>
    private static void Rpc<TConsumer, TRequest>(IBusRegistrationConfigurator bus, string prefix)
        where TConsumer : class, IConsumer<TRequest> where TRequest : class =>
        bus.AddConsumer<TConsumer>().Endpoint(endpoint => endpoint.Name = RpcQueues.Name<TRequest>(prefix));
}
