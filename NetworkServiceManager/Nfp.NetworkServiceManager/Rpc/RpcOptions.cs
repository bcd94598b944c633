namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>The manager's RPC listener (configuration section <c>Rpc</c>).</summary>
public sealed class RpcOptions
{
    public const string Section = "Rpc";

    /// <summary>
    /// Prefixes every queue the listener consumes (<c>{prefix}-create-network-service</c>, …), so that
    /// several NFP installations, or test runs, can share one RabbitMQ vhost.
    /// </summary>
    public string QueuePrefix { get; set; } = "nfp";
}
