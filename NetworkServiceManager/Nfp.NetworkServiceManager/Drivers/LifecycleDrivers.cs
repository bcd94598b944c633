using System.Reflection;
using System.Runtime.Loader;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Drivers;

/// <summary>
/// The lifecycle drivers named in configuration, each loaded from its assembly and built once at start,
/// so that a vendor ships a driver as an assembly and a configuration entry without changing the
/// manager. A driver is built with <c>ActivatorUtilities</c>: its constructor may take the manager's
/// services (an <c>ILogger&lt;T&gt;</c>, a <c>TimeProvider</c>) and an <c>IConfiguration</c>, which is its
/// entry's <c>Settings</c> section. The driver's own dependencies are looked for beside its assembly.
/// </summary>
public sealed class LifecycleDrivers
{
    private readonly Dictionary<string, (ILifecycleDriver Driver, IReadOnlySet<ServiceType> Types)> _byVendor;

    public LifecycleDrivers(IConfiguration configuration, IServiceProvider services)
    {
        _byVendor = new(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(LifecycleDriverOptions.Section).GetChildren())
        {
            var options = entry.Get<LifecycleDriverOptions>() ?? new LifecycleDriverOptions();
            var type = Load(entry.Key, options);
            var wantsSettings = type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IConfiguration)));
            var driver = (ILifecycleDriver)(wantsSettings
                ? ActivatorUtilities.CreateInstance(services, type, (IConfiguration)entry.GetSection("Settings"))
                : ActivatorUtilities.CreateInstance(services, type));
            var types = options.ServiceTypes.Count == 0
                ? Enum.GetValues<ServiceType>().ToHashSet()
                : options.ServiceTypes.Select(NfpJson.ParseWireName<ServiceType>).ToHashSet();
            _byVendor[entry.Key] = (driver, types);
        }
    }

    /// <summary>Whether a driver renders <paramref name="type"/> services of <paramref name="vendor"/>.</summary>
    public bool Supports(string vendor, ServiceType type) => _byVendor.TryGetValue(vendor, out var entry) && entry.Types.Contains(type);

    /// <summary>The driver of the service's vendor.</summary>
    /// <exception cref="LifecycleDriverException">No driver renders the service's vendor and type (not transient).</exception>
    public ILifecycleDriver For(NetworkService service) =>
        Supports(service.ServiceVendor, service.ServiceType)
            ? _byVendor[service.ServiceVendor].Driver
            : throw new LifecycleDriverException(
                $"No lifecycle driver renders {NfpJson.WireName(service.ServiceType)} services of vendor '{service.ServiceVendor}'.", isTransient: false);

    private static Type Load(string vendor, LifecycleDriverOptions options)
    {
        var path = Path.GetFullPath(options.Assembly, AppContext.BaseDirectory);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{LifecycleDriverOptions.Section}:{vendor}:Assembly: no file {path}.");
        }
        var folder = Path.GetDirectoryName(path)!;
        // Shared types (Nfp.Schema, Microsoft.Extensions.*) resolve to the manager's copies; what only the
        // driver uses is found beside it.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        var assembly = AssemblyName.GetAssemblyName(path) is var name && AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(loaded => AssemblyName.ReferenceMatchesDefinition(loaded.GetName(), name)) is { } already
            ? already
            : AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var type = assembly.GetType(options.Type)
            ?? throw new InvalidOperationException($"{LifecycleDriverOptions.Section}:{vendor}:Type: {path} has no type {options.Type}.");
        return typeof(ILifecycleDriver).IsAssignableFrom(type)
            ? type
            : throw new InvalidOperationException($"{LifecycleDriverOptions.Section}:{vendor}:Type: {options.Type} is not an ILifecycleDriver.");
    }
}
