using MassTransit;
using Nfp.Hosting;
using Nfp.Schema.Json;

namespace Nfp.NetworkServiceManager.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The manager's bus: MassTransit over RabbitMQ (<c>ConnectionStrings:RabbitMq</c>, an amqp:// URI with
    /// user, password and vhost, as deploy/bootstrap.sh writes it), NFP's JSON, and every consumer of this
    /// assembly. Each consumer's definition, beside it, names its queue and sets its endpoint (the
    /// node-driver RPCs in <c>Rpc/</c>, the workers and the configurator's notifications in <c>Orchestration/</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNfpMessaging(this IHostApplicationBuilder builder)
    {
        var rabbitMq = NfpConnectionStrings.Required(builder.Configuration, "RabbitMq");
        builder.Services.Configure<RpcOptions>(builder.Configuration.GetSection(RpcOptions.Section));
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit's assembly scan sees public types only; the consumers and their definitions are internal.
            bus.AddConsumers(typeof(MessagingRegistration).Assembly.GetTypes().Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }).ToArray());
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
