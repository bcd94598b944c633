using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Nfp.Hosting.Plugins;

/// <summary>
/// Builds a driver that configuration names — <c>{Section}:{name}:Assembly</c> (a path, absolute or
/// relative to the host's folder), <c>:Type</c> (the full type name) and <c>:Settings</c> — so that a
/// vendor ships a driver as an assembly and a configuration entry without changing the host (the
/// manager's lifecycle drivers, the configurator's vendor drivers). The driver is built with
/// <c>ActivatorUtilities</c>: its constructor may take the host's services (an <c>ILogger&lt;T&gt;</c>, a
/// <c>TimeProvider</c>) and an <c>IConfiguration</c>, which is its entry's <c>Settings</c>. What only the
/// driver uses is looked for beside its assembly; shared assemblies (Nfp.Schema, Microsoft.Extensions.*)
/// resolve to the host's copies, so the driver and the host agree on the contract's types.
/// </summary>
public static class DriverPlugins
{
    private static readonly HashSet<string> Folders = [];

    /// <exception cref="InvalidOperationException">The entry names no file, no such type, or a type that is not a <typeparamref name="T"/>.</exception>
    public static T Create<T>(IConfigurationSection entry, IServiceProvider services) where T : class
    {
        var type = Load<T>(entry);
        var settings = entry.GetSection("Settings");
        var wantsSettings = type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IConfiguration)));
        return (T)(wantsSettings
            ? ActivatorUtilities.CreateInstance(services, type, (IConfiguration)settings)
            : ActivatorUtilities.CreateInstance(services, type));
    }

    private static Type Load<T>(IConfigurationSection entry)
    {
        var path = Path.GetFullPath(entry["Assembly"] ?? "", AppContext.BaseDirectory);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{entry.Path}:Assembly: no file {path}.");
        }
        var folder = Path.GetDirectoryName(path)!;
        lock (Folders)
        {
            if (Folders.Add(folder))
            {
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                {
                    var candidate = Path.Combine(folder, name.Name + ".dll");
                    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
                };
            }
        }
        var assembly = AssemblyName.GetAssemblyName(path) is var name && AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(loaded => AssemblyName.ReferenceMatchesDefinition(loaded.GetName(), name)) is { } already
            ? already
            : AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var typeName = entry["Type"] ?? "";
        var type = assembly.GetType(typeName)
            ?? throw new InvalidOperationException($"{entry.Path}:Type: {path} has no type {typeName}.");
        return typeof(T).IsAssignableFrom(type)
            ? type
            : throw new InvalidOperationException($"{entry.Path}:Type: {typeName} is not an {typeof(T).Name}.");
    }
}
