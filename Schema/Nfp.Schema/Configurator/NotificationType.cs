using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>The configurator's notifications to the manager, named as in the NFP spec.</summary>
public enum NotificationType
{
    [JsonStringEnumMemberName("nsd_config_notification")] NsdConfigNotification,
    [JsonStringEnumMemberName("nsd_healthmonitor_config_notification")] NsdHealthmonitorConfigNotification,
    [JsonStringEnumMemberName("nsd_health_status_notification")] NsdHealthStatusNotification,
}
