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
}
