namespace Nfp.NetworkServiceManager.Messaging;

/// <summary>The manager's queues on RabbitMQ (configuration section <c>Rpc</c>).</summary>
public sealed class RpcOptions
{
    public const string Section = "Rpc";

    /// <summary>
    /// Prefixes every queue the manager consumes or sends to — the node-driver RPCs
    /// (<c>{prefix}-create-network-service</c>, …), its workers' and the configurator's — so that several
    /// NFP installations, or test runs, can share one RabbitMQ vhost.
    /// </summary>
    public string QueuePrefix { get; set; } = Schema.Rpc.RpcQueues.DefaultPrefix;
}
