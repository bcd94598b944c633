namespace Nfp.Schema.Configurator;

/// <summary>
/// What the configurator tells the manager. A config notification (nsd_config_notification,
/// nsd_healthmonitor_config_notification) says how <see cref="Method"/> ended in <see cref="Result"/>;
/// an nsd_health_status_notification carries <see cref="Health"/>, and for a device of an active-standby
/// pair its <see cref="HaState"/> (told again whenever it changes). <see cref="Reason"/> explains a failure
/// or a change of health.
/// </summary>
public sealed record ConfiguratorNotification(
    NotificationType Notification,
    ConfigContext Context,
    DateTimeOffset CreatedAt,
    ConfiguratorMethod? Method = null,
    ConfigResult? Result = null,
    NsdHealth? Health = null,
    string Reason = "",
    Resources.HaState? HaState = null);
