namespace Nfp.Cli.Service;

/// <summary>The manager to drive: the RabbitMQ it listens on (amqp:// URI with vhost) and its queue prefix.</summary>
public sealed record ServiceTarget(string RabbitMq, string QueuePrefix)
{
    private const int AmqpPort = 5672;
    private const int AmqpsPort = 5671;

    /// <summary>The RabbitMQ's HOST:PORT, for messages: never the user or the password the URI holds.</summary>
    public string Broker
    {
        get
        {
            var uri = new Uri(RabbitMq);
            return $"{uri.Host}:{(uri.Port > 0 ? uri.Port : uri.Scheme == "amqps" ? AmqpsPort : AmqpPort)}";
        }
    }
}
