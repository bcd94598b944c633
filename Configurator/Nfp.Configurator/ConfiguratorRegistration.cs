using Nfp.Hosting;
using Nfp.Configurator.Auth;
using Nfp.Configurator.Config;
using Nfp.Configurator.Health;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Json;

namespace Nfp.Configurator;

public static class ConfiguratorRegistration
{
    /// <summary>
    /// Everything the configurator runs: its vendor drivers (configuration <c>VendorDrivers</c>), the
    /// calls that dispatch to them, health monitors (<c>HealthMonitors</c>) and the pending notifications.
    /// It keeps no state beyond memory: a config call a restart loses, the manager sends again; health
    /// monitors are gone until the manager creates them again (docs/rpc.md). It answers only its proxy
    /// (<see cref="ProxyAuthentication"/>), and reads its secrets from /run/secrets.
    /// </summary>
    public static IHostApplicationBuilder AddNfpConfigurator(this IHostApplicationBuilder builder)
    {
        builder.AddProxyAuthentication();
        builder.Services.Configure<HealthMonitorOptions>(builder.Configuration.GetSection(HealthMonitorOptions.Section));
        builder.Services.Configure<ConfigOptions>(builder.Configuration.GetSection(ConfigOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VendorDrivers>();
        builder.Services.AddSingleton<PendingNotifications>();
        builder.Services.AddSingleton<HealthMonitors>();
        builder.Services.AddSingleton<ConfigCalls>();
        builder.Services.ConfigureHttpJsonOptions(json => NfpJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.AddNfpBadRequestProblems();
        builder.Services.AddHealthChecks();
        return builder;
    }
}
