using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Drivers;

/// <summary>
/// A vendor's spare pool (Octavia's spare amphora pool): <see cref="Size"/> devices made and started ahead
/// of any service, for services of <see cref="ServiceType"/>, so that a create or a failover takes one and
/// is left only to plug and configure it (<c>Orchestration/SparePool.cs</c>).
/// </summary>
public sealed class SparePoolOptions
{
    /// <summary>How many spare devices to keep; 0 (the default): no pool.</summary>
    public int Size { get; set; }

    /// <summary>The wire name of the service type the spares are made for; may be left out when the vendor renders one type only.</summary>
    public string ServiceType { get; set; } = "";
}

/// <summary>A vendor's spare pool as configured: its size and the service type its spares are made for.</summary>
public sealed record SparePoolOf(string Vendor, ServiceType ServiceType, int Size)
{
    /// <summary>
    /// The pool <paramref name="options"/> configure for <paramref name="vendor"/>, which renders <paramref name="types"/>;
    /// null when it has no service type (none given, and the vendor renders several) and no size.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration cannot be followed (a size without a type, a type the vendor does not render).</exception>
    public static SparePoolOf? Read(string vendor, SparePoolOptions options, IReadOnlySet<ServiceType> types)
    {
        var section = $"{LifecycleDriverOptions.Section}:{vendor}:SparePool";
        if (options.Size < 0)
        {
            throw new InvalidOperationException($"{section}:Size must be 0 or more.");
        }
        if (options.ServiceType.Length == 0)
        {
            return types.Count == 1 ? new SparePoolOf(vendor, types.Single(), options.Size)
                : options.Size == 0 ? null
                : throw new InvalidOperationException($"{section}:ServiceType must be given: vendor '{vendor}' renders several service types.");
        }
        var type = NfpJson.ParseWireName<ServiceType>(options.ServiceType);
        return types.Contains(type) ? new SparePoolOf(vendor, type, options.Size)
            : throw new InvalidOperationException($"{section}:ServiceType '{options.ServiceType}' is not a type vendor '{vendor}' renders.");
    }
}
