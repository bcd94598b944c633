using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    /// It declares and binds only names under its queue prefix, so that its RabbitMQ user can be allowed only
    /// those (deploy/rabbitmq-user.sh): its reply queue is named so too, its endpoints bind no message-type
    /// exchange (nothing publishes to them; the node drivers send to each RPC's own exchange), and a consumer
    /// that fails publishes no <c>Fault</c> (nothing takes one).
    /// </summary>
    public static IHostApplicationBuilder AddNfpMessaging(this IHostApplicationBuilder builder)
    {
        var rabbitMq = NfpConnectionStrings.Required(builder.Configuration, "RabbitMq");
        builder.Services.Configure<RpcOptions>(builder.Configuration.GetSection(RpcOptions.Section));
        var prefix = (builder.Configuration.GetSection(RpcOptions.Section).Get<RpcOptions>() ?? new RpcOptions()).QueuePrefix;
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit would report its configuration to usage-tracking.masstransit.io: NFP talks only to its own parts.
            bus.DisableUsageTelemetry();
            // MassTransit's assembly scan sees public types only; the consumers and their definitions are internal.
            bus.AddConsumers(typeof(MessagingRegistration).Assembly.GetTypes().Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false }).ToArray());
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.ConfigureConsumeTopology = false;
                endpoint.PublishFaults = false;
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.OverrideDefaultBusEndpointQueueName(Schema.Configurator.ConfiguratorQueues.ManagerReplies(prefix));
                rabbit.ConfigureJsonSerializerOptions(options => LenientEnvelope(NfpJson.Configure(options)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// NFP's JSON refuses a field a contract does not know, and the RPC listener names it in its refusal;
    /// but the envelope around a message is MassTransit's, and a key of it that MassTransit does not know
    /// (another client library's) is ignored, as docs/rpc.md says, rather than making the request unreadable.
    /// </summary>
    private static JsonSerializerOptions LenientEnvelope(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(type =>
        {
            if (type.Kind == JsonTypeInfoKind.Object && type.Type.Namespace?.StartsWith("MassTransit", StringComparison.Ordinal) == true)
            {
                type.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
            }
        });
        return options;
    }
}
