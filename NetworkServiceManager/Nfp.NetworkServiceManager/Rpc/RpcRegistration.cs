using MassTransit;

namespace Nfp.NetworkServiceManager.Rpc;

public static class RpcRegistration
{
    /// <summary>
    /// The node-driver RPC listener: MassTransit over RabbitMQ (<c>ConnectionStrings:RabbitMq</c>, an
    /// amqp:// URI with user, password and vhost, as deploy/bootstrap.sh writes it), one queue per RPC.
    /// </summary>
    public static IHostApplicationBuilder AddNfpRpc(this IHostApplicationBuilder builder)
    {
        var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq");
        if (string.IsNullOrWhiteSpace(rabbitMq))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:RabbitMq is not set: source /etc/nfp/nfp.env (written by deploy/bootstrap.sh) or set ConnectionStrings__RabbitMq.");
        }
        var options = builder.Configuration.GetSection(RpcOptions.Section).Get<RpcOptions>() ?? new RpcOptions();
        builder.Services.AddScoped<ServiceWrites>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.QueuePrefix, includeNamespace: false));
            bus.AddConsumer<CreateNetworkServiceConsumer>();
            bus.AddConsumer<UpdateNetworkServiceConsumer>();
            bus.AddConsumer<DeleteNetworkServiceConsumer>();
            bus.AddConsumer<GetNetworkServiceConsumer>();
            bus.AddConsumer<GetNetworkServicesConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
