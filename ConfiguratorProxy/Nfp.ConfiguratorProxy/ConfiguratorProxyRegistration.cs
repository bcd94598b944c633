using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.ConfiguratorProxy.Agent;
using Nfp.ConfiguratorProxy.Proxy;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;

namespace Nfp.ConfiguratorProxy;

public static class ConfiguratorProxyRegistration
{
    /// <summary>
    /// The agent: takes configurator calls and notification pulls from the queue
    /// <c>{Agent:QueuePrefix}-configurator-proxy</c> on RabbitMQ (<c>ConnectionStrings:RabbitMq</c>) and
    /// makes them over the proxy's Unix socket. It answers pulls at the manager's reply queue
    /// (<see cref="ConfiguratorQueues.ManagerReplies"/>) and sends refusals to the exchange of the manager's
    /// notification queue.
    /// </summary>
    public static IHostApplicationBuilder AddConfiguratorAgent(this IHostApplicationBuilder builder)
    {
        var rabbitMq = Nfp.Hosting.NfpConnectionStrings.Required(builder.Configuration, "RabbitMq");
        var options = builder.Configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        builder.Services.Configure<AgentOptions>(builder.Configuration.GetSection(AgentOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<ConfiguratorClient>((services, http) => ConfiguratorClient.Configure(http, services.GetRequiredService<IOptions<AgentOptions>>()))
            .ConfigurePrimaryHttpMessageHandler(services => ConfiguratorClient.Handler(services.GetRequiredService<IOptions<AgentOptions>>()));
        builder.Services.AddMassTransit(bus =>
        {
            // No usage report to masstransit.io: NFP talks only to its own parts.
            bus.DisableUsageTelemetry();
            bus.AddConsumer<ConfiguratorCallConsumer>();
            bus.AddConsumer<GetNotificationsConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.ConfigureJsonSerializerOptions(NfpJson.Configure);
                rabbit.ReceiveEndpoint(ConfiguratorQueues.Agent(options.QueuePrefix), endpoint =>
                {
                    // Only its queue, under the prefix, which its RabbitMQ user is allowed (deploy/rabbitmq-user.sh):
                    // the manager sends there directly, so no message-type exchange is bound, and nothing takes a Fault.
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.PublishFaults = false;
                    endpoint.ConfigureConsumer<ConfiguratorCallConsumer>(context);
                    endpoint.ConfigureConsumer<GetNotificationsConsumer>(context);
                });
            });
        });
        return builder;
    }

    /// <summary>
    /// The proxy: the Unix socket <c>Proxy:SocketPath</c>, forwarded to the configurator at
    /// <c>Proxy:Configurator</c> — or, with <c>Proxy:Supervise:Pop</c>, to the configurator's container in
    /// that Pop, which it makes again when it dies.
    /// </summary>
    public static IHostApplicationBuilder AddConfiguratorProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ProxyOptions>(builder.Configuration.GetSection(ProxyOptions.Section));
        builder.Services.AddSingleton<ConfiguratorTarget>();
        builder.Services.AddHostedService<UnixSocketProxy>();
        builder.Services.AddHostedService<ConfiguratorSupervisor>();
        return builder;
    }
}
