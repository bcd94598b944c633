namespace Nfp.Cli.Service;

/// <summary>The manager to drive: the RabbitMQ it listens on (amqp:// URI with vhost) and its queue prefix.</summary>
public sealed record ServiceTarget(string RabbitMq, string QueuePrefix);
