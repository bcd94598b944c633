using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nfp.Configurator.Health;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Validation;

namespace Nfp.Configurator.Config;

/// <summary>
/// One configurator method called with a request: first every resource is checked — its service module,
/// the vendor driver, the driver's own checks — so that a bad request is refused whole and changes
/// nothing; then, in the background, the resources are applied in order by the vendor driver (health
/// monitors by <see cref="HealthMonitors"/>) and the outcome is queued as the call's notification. Calls
/// for one device run one at a time, each change bounded by <see cref="ConfigOptions.ApplyTimeoutSeconds"/>
/// (a device that hangs fails the call rather than holding every later one).
/// </summary>
internal sealed partial class ConfigCalls(
    VendorDrivers drivers, HealthMonitors monitors, PendingNotifications notifications, IOptions<HealthMonitorOptions> healthDefaults,
    IOptions<ConfigOptions> limits, ILogger<ConfigCalls> logger)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _devices = new();

    /// <summary>What is wrong with calling <paramref name="call"/>; empty when it can be carried out.</summary>
    public IReadOnlyList<FieldError> Check(ConfiguratorCall call)
    {
        var (method, info, config) = (call.Method, call.Request.Info, call.Request.Config);
        var errors = new List<FieldError>();
        var driver = drivers.Find(info.ServiceVendor);
        if (driver is null)
        {
            errors.Add(new FieldError("info.service_vendor", FieldErrorCodes.UnknownValue,
                $"No vendor driver configures devices of vendor '{info.ServiceVendor}'."));
        }
        if (ServiceModules.IsHealthmonitorMethod(method) && config.Count != 1)
        {
            errors.Add(new FieldError("config", FieldErrorCodes.Invalid, $"{NfpJson.WireName(method)} takes exactly one healthmonitor resource."));
        }
        for (var i = 0; i < config.Count; i++)
        {
            var (resource, path) = (config[i], $"config[{i}]");
            if (!ServiceModules.Takes(resource.Resource, info.ServiceType) || !ServiceModules.Carries(method, resource.Resource))
            {
                errors.Add(new FieldError($"{path}.resource", FieldErrorCodes.UnknownValue,
                    $"{NfpJson.WireName(method)} of a {NfpJson.WireName(info.ServiceType)} service does not take a '{NfpJson.WireName(resource.Resource)}' resource."));
                continue;
            }
            if (resource.Resource == ConfigResourceKind.Healthmonitor)
            {
                errors.AddRange(HealthMonitorSpec.Read(resource.ResourceData, $"{path}.resource_data", healthDefaults.Value).Errors);
                continue;
            }
            if (ResourceData.ReadMgmtIpAddress(resource.ResourceData, $"{path}.resource_data").Error is { } addressError)
            {
                errors.Add(addressError);
            }
            if (driver is null)
            {
                continue;
            }
            if (!driver.Resources.Contains(resource.Resource))
            {
                errors.Add(new FieldError($"{path}.resource", FieldErrorCodes.UnknownValue,
                    $"Vendor '{info.ServiceVendor}' does not configure '{NfpJson.WireName(resource.Resource)}' resources."));
                continue;
            }
            errors.AddRange(driver.Check(resource).Select(e => e with { Field = $"{path}.resource_data.{e.Field}" }));
        }
        return errors;
    }

    /// <summary>Carries out a call <see cref="Check"/> found nothing wrong with, in the background.</summary>
    public void Start(ConfiguratorCall call) => _ = Task.Run(() => RunAsync(call));

    private async Task RunAsync(ConfiguratorCall call)
    {
        var (info, removing) = (call.Request.Info, ServiceModules.Removes(call.Method));
        var driver = drivers.Find(info.ServiceVendor)!;
        var device = _devices.GetOrAdd(info.Context.NsdId, _ => new SemaphoreSlim(1, 1));
        await device.WaitAsync();
        try
        {
            if (ServiceModules.IsHealthmonitorMethod(call.Method))
            {
                var resource = call.Request.Config[0];
                if (removing)
                {
                    monitors.Stop(call);
                }
                else
                {
                    monitors.Start(call, HealthMonitorSpec.Read(resource.ResourceData, "", healthDefaults.Value).Spec!, driver);
                }
                return;
            }
            foreach (var resource in call.Request.Config)
            {
                var address = ResourceData.ReadMgmtIpAddress(resource.ResourceData, "").Address!;
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(limits.Value.ApplyTimeoutSeconds));
                await driver.ApplyAsync(new DeviceChange(address, resource, removing, info.Context), limit.Token);
            }
            notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
        }
        catch (Exception e)
        {
            LogFailed(e, NfpJson.WireName(call.Method), info.Context.NsdId);
            notifications.Add(call.Answer(ConfigResult.Failure, notifications.Now, e.Message));
        }
        finally
        {
            device.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} on device {NsdId} failed.")]
    private partial void LogFailed(Exception exception, string method, Guid nsdId);
}
