namespace Nfp.Schema.Configurator;

/// <summary>
/// The RabbitMQ queues between the manager and the configurator proxy's agent, under the manager's
/// <c>Rpc:QueuePrefix</c>: the agent takes configurator calls (<see cref="ConfiguratorCall"/>) and
/// notification pulls (<see cref="GetNotifications"/>) from <see cref="Agent"/>; the manager takes
/// notifications from <see cref="Notifications"/>.
/// </summary>
public static class ConfiguratorQueues
{
    public static string Agent(string prefix) => $"{prefix}-configurator-proxy";

    public static string Notifications(string prefix) => $"{prefix}-configurator-notification";

    /// <summary>
    /// A manager instance's own reply queue, where the agent answers its pulls: <c>{prefix}-manager-{uuid}</c>,
    /// temporary. The agent's RabbitMQ user may send to queues so named, and to no other of the manager's
    /// but <see cref="Notifications"/> (deploy/rabbitmq-user.sh).
    /// </summary>
    public static string ManagerReplies(string prefix) => $"{prefix}-manager-{Guid.NewGuid():N}";
}
