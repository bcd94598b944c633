namespace Nfp.ConfiguratorProxy.Agent;

/// <summary>The agent's configuration (section <c>Agent</c>; RabbitMQ from <c>ConnectionStrings:RabbitMq</c>).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The proxy's Unix socket.</summary>
    public string SocketPath { get; set; } = "/run/nfp/configurator.sock";

    /// <summary>The manager's <c>Rpc:QueuePrefix</c>: the agent's queue and the manager's notification queue are named under it.</summary>
    public string QueuePrefix { get; set; } = Schema.Rpc.RpcQueues.DefaultPrefix;

    /// <summary>
    /// How long one REST call to the configurator may take. Calls are answered at once (the work is
    /// done in the background); a pull waits at most 3 s for a notification and must come back within
    /// the manager's 5 s wait for it, or the notifications it drained are lost with it.
    /// </summary>
    public int RequestTimeoutSeconds { get; set; } = 4;
}
