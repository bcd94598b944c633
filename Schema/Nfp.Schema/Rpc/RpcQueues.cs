namespace Nfp.Schema.Rpc;

/// <summary>
/// The RabbitMQ queue of each node-driver RPC: <c>{prefix}-{name}</c>, the prefix being the manager's
/// <c>Rpc:QueuePrefix</c> (default <c>nfp</c>). The manager consumes these queues and the node driver
/// sends to them, both from this one table.
/// </summary>
public static class RpcQueues
{
    public const string DefaultPrefix = "nfp";

    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(CreateNetworkService)] = "create-network-service",
        [typeof(UpdateNetworkService)] = "update-network-service",
        [typeof(DeleteNetworkService)] = "delete-network-service",
        [typeof(RetryNetworkService)] = "retry-network-service",
        [typeof(FailoverNetworkService)] = "failover-network-service",
        [typeof(FailoverNsd)] = "failover-nsd",
        [typeof(GetNetworkService)] = "get-network-service",
        [typeof(GetNetworkServices)] = "get-network-services",
        [typeof(PolicyTargetAddedNotification)] = "policy-target-added",
        [typeof(PolicyTargetRemovedNotification)] = "policy-target-removed",
        [typeof(ConsumerPtgAddedNotification)] = "consumer-ptg-added",
        [typeof(ConsumerPtgRemovedNotification)] = "consumer-ptg-removed",
        [typeof(ChainParametersUpdatedNotification)] = "chain-parameters-updated",
    };

    /// <summary>
    /// A node driver's own reply queue, which the manager answers to: <c>{prefix}-node-driver-{uuid}</c>,
    /// temporary. The node driver's RabbitMQ user may make and read only queues so named
    /// (deploy/rabbitmq-user.sh), and the manager's may not read them.
    /// </summary>
    public static string NodeDriverReplies(string prefix) => $"{prefix}-node-driver-{Guid.NewGuid():N}";

    /// <summary>The queue the manager takes <typeparamref name="TRequest"/> from.</summary>
    public static string Name<TRequest>(string prefix) where TRequest : class =>
        Names.TryGetValue(typeof(TRequest), out var name)
            ? $"{prefix}-{name}"
            : throw new ArgumentException($"{typeof(TRequest).Name} is not a node-driver RPC.", nameof(TRequest));
}
