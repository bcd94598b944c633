namespace Nfp.Schema.Configurator;

/// <summary>
/// The notifications one <see cref="GetNotifications"/> pulled, oldest first; <paramref name="Last"/> is the
/// number of the last of them (of the last acknowledged when there are none) in the count of
/// <paramref name="ConfiguratorInstance"/>, one run of the configurator: what the next pull acknowledges.
/// </summary>
public sealed record NotificationList(IReadOnlyList<ConfiguratorNotification> Notifications, Guid ConfiguratorInstance = default, long Last = 0);
