using System.Globalization;
using Nfp.Schema.Json;

namespace Nfp.Schema.Configurator;

/// <summary>
/// The configurator's REST routes and query names (docs/rpc.md), written once for the configurator that
/// serves them and the configurator proxy's agent that calls them.
/// </summary>
public static class ConfiguratorApiRoutes
{
    /// <summary>The route of every configurator method: <c>POST /v1/nfp/{method}</c>.</summary>
    public const string Call = "/v1/nfp/{method}";

    public const string GetNotifications = "/v1/nfp/get_notifications";

    public const string WaitMilliseconds = "wait_milliseconds";

    public const string Acknowledged = "acknowledged";

    public const string ConfiguratorInstance = "configurator_instance";

    /// <summary>Where <paramref name="method"/> is called: <c>v1/nfp/create_nsd_config</c>, relative to the configurator.</summary>
    public static string CallPath(ConfiguratorMethod method) => $"{Call[1..].Replace("{method}", NfpJson.WireName(method), StringComparison.Ordinal)}";

    /// <summary>The pull's path and query, relative to the configurator.</summary>
    public static string GetNotificationsPath(GetNotifications pull)
    {
        var query = $"{WaitMilliseconds}={pull.WaitMilliseconds.ToString(CultureInfo.InvariantCulture)}";
        if (pull.Acknowledged is { } acknowledged)
        {
            query += $"&{Acknowledged}={acknowledged.ToString(CultureInfo.InvariantCulture)}";
        }
        if (pull.ConfiguratorInstance is { } instance)
        {
            query += $"&{ConfiguratorInstance}={instance}";
        }
        return $"{GetNotifications[1..]}?{query}";
    }
}
