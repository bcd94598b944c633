namespace Nfp.Schema.Configurator;

/// <summary>
/// The message the manager puts on the configurator proxy's queue: call <see cref="Method"/> with
/// <see cref="Request"/> as its body. One message type serves all six methods because they share a body.
/// </summary>
public sealed record ConfiguratorCall(ConfiguratorMethod Method, ConfigRequest Request)
{
    /// <summary>
    /// The notification that answers this call: nsd_healthmonitor_config_notification for the health
    /// monitor methods, nsd_config_notification for the others, with the request's context unchanged, and
    /// the reason cut to what a notification may carry.
    /// </summary>
    public ConfiguratorNotification Answer(ConfigResult result, DateTimeOffset at, string reason = "") => new(
        Method is ConfiguratorMethod.CreateNetworkServiceHealthmonitor or ConfiguratorMethod.DeleteNetworkServiceHealthmonitor
            ? NotificationType.NsdHealthmonitorConfigNotification
            : NotificationType.NsdConfigNotification,
        Request.Info.Context, at, Method, result,
        Reason: reason.Length <= Validation.Limits.StatusDescription ? reason : reason[..(Validation.Limits.StatusDescription - 1)] + "…");
}
