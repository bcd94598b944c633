using Nfp.Schema.Rpc;

namespace Nfp.NodeDriver;

/// <summary>Where the manager is and how long to wait for it.</summary>
public sealed class NodeDriverOptions
{
    /// <summary>The RabbitMQ the manager listens on: an amqp:// URI with user, password and vhost.</summary>
    public string RabbitMq { get; set; } = "";

    /// <summary>The manager's <c>Rpc:QueuePrefix</c>.</summary>
    public string QueuePrefix { get; set; } = RpcQueues.DefaultPrefix;

    /// <summary>How long one RPC waits for its answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="INetworkServiceClient.WaitForStatusAsync"/> reads the service.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
