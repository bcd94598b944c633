using System.Text.Json;
using Nfp.Hosting.Plugins;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Drivers;

/// <summary>
/// The lifecycle drivers named in configuration (<c>LifecycleDrivers:{vendor}</c>), each loaded from its
/// assembly and built once at start by <see cref="DriverPlugins"/>, with the vendor's service_config schema
/// when the entry names one (<c>LifecycleDrivers:{vendor}:ServiceConfig</c>, an assembly and a type).
/// </summary>
public sealed class LifecycleDrivers
{
    private readonly Dictionary<string, (ILifecycleDriver Driver, IReadOnlySet<ServiceType> Types, IServiceConfigSchema? Config)> _byVendor;

    private readonly List<SparePoolOf> _sparePools = [];

    public LifecycleDrivers(IConfiguration configuration, IServiceProvider services)
    {
        _byVendor = new(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(LifecycleDriverOptions.Section).GetChildren())
        {
            var options = entry.Get<LifecycleDriverOptions>() ?? new LifecycleDriverOptions();
            var driver = DriverPlugins.Create<ILifecycleDriver>(entry, services);
            var types = options.ServiceTypes.Count == 0
                ? Enum.GetValues<ServiceType>().ToHashSet()
                : options.ServiceTypes.Select(NfpJson.ParseWireName<ServiceType>).ToHashSet();
            var config = entry.GetSection(LifecycleDriverOptions.ServiceConfigSection);
            _byVendor[entry.Key] = (driver, types, config.Exists() ? DriverPlugins.Create<IServiceConfigSchema>(config, services) : null);
            if (SparePoolOf.Read(entry.Key, options.SparePool, types) is { } pool)
            {
                _sparePools.Add(pool);
            }
        }
    }

    /// <summary>The spare pool of every vendor whose pool has a service type, those of size 0 included (their spares are given back).</summary>
    public IReadOnlyList<SparePoolOf> SparePools => _sparePools;

    /// <summary>Every driver configured, once each.</summary>
    public IEnumerable<ILifecycleDriver> All => _byVendor.Values.Select(entry => entry.Driver);

    /// <summary>Whether a driver renders <paramref name="type"/> services of <paramref name="vendor"/>.</summary>
    public bool Supports(string vendor, ServiceType type) => _byVendor.TryGetValue(vendor, out var entry) && entry.Types.Contains(type);

    /// <summary>
    /// What is wrong with <paramref name="serviceConfig"/> for a <paramref name="type"/> service of
    /// <paramref name="vendor"/>, fields named from <c>service_config</c>; nothing when the vendor names no schema.
    /// </summary>
    public IReadOnlyList<FieldError> CheckServiceConfig(string vendor, ServiceType type, JsonElement serviceConfig) =>
        _byVendor.TryGetValue(vendor, out var entry) && entry.Config is { } schema
            ? schema.Check(type, serviceConfig).Select(InServiceConfig).ToList()
            : [];

    /// <summary>What a view shows of <paramref name="service"/>: its config's secret fields (a VPN's keys) as <see cref="SecretFields.Placeholder"/>.</summary>
    public NetworkService Shown(NetworkService service) =>
        _byVendor.TryGetValue(service.ServiceVendor, out var entry) && entry.Config is { } schema
            ? service with { ServiceConfig = schema.Redact(service.ServiceType, service.ServiceConfig) }
            : service;

    /// <summary>What a view shows of <paramref name="detail"/>: its service as <see cref="Shown(NetworkService)"/>.</summary>
    public NetworkServiceDetail Shown(NetworkServiceDetail detail) => detail with { NetworkService = Shown(detail.NetworkService) };

    /// <summary>An update's <paramref name="serviceConfig"/> for <paramref name="stored"/>: each secret field given the placeholder keeps the stored value.</summary>
    public JsonElement Restored(NetworkService stored, JsonElement serviceConfig) =>
        _byVendor.TryGetValue(stored.ServiceVendor, out var entry) && entry.Config is { } schema
            ? schema.Restore(stored.ServiceType, serviceConfig, stored.ServiceConfig)
            : serviceConfig;

    /// <summary>A vendor's error about its config, named (field and message alike) by its path in the request.</summary>
    private static FieldError InServiceConfig(FieldError error)
    {
        var field = error.Field.Length == 0 ? "service_config" : $"service_config.{error.Field}";
        return error with { Field = field, Message = error.Field.Length == 0 ? error.Message : error.Message.Replace($"'{error.Field}'", $"'{field}'", StringComparison.Ordinal) };
    }

    /// <summary>The driver that made the devices of <paramref name="vendor"/>.</summary>
    /// <exception cref="LifecycleDriverException">No driver is configured for the vendor (not transient).</exception>
    public ILifecycleDriver For(string vendor) =>
        _byVendor.TryGetValue(vendor, out var entry)
            ? entry.Driver
            : throw new LifecycleDriverException($"No lifecycle driver is configured for vendor '{vendor}'.", isTransient: false);

    /// <summary>The driver of the service's vendor.</summary>
    /// <exception cref="LifecycleDriverException">No driver renders the service's vendor and type (not transient).</exception>
    public ILifecycleDriver For(NetworkService service) =>
        Supports(service.ServiceVendor, service.ServiceType)
            ? _byVendor[service.ServiceVendor].Driver
            : throw new LifecycleDriverException(
                $"No lifecycle driver renders {NfpJson.WireName(service.ServiceType)} services of vendor '{service.ServiceVendor}'.", isTransient: false);
}
